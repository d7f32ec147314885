from rest_framework.routers import DefaultRouter

from . import views
from .archive import ArchiveEntryViewSet

router = DefaultRouter(trailing_slash=True)
router.register("bridge-sites", views.BridgeSiteViewSet, basename="bridge-site")
router.register("equipment", views.EquipmentViewSet, basename="equipment")
router.register("site-checks", views.SiteCheckViewSet, basename="site-check")
router.register("incidents", views.IncidentViewSet, basename="incident")
router.register("archive-entries", ArchiveEntryViewSet, basename="archive-entry")
urlpatterns = router.urls
