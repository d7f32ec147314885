from rest_framework.routers import SimpleRouter

from . import views
from .archive import ArchiveEntryViewSet

router = SimpleRouter(trailing_slash=True)  # merged into one root by config/api_urls.py
router.register("bridge-sites", views.BridgeSiteViewSet, basename="bridge-site")
router.register("equipment", views.EquipmentViewSet, basename="equipment")
router.register("site-checks", views.SiteCheckViewSet, basename="site-check")
router.register("incidents", views.IncidentViewSet, basename="incident")
router.register("archive-entries", ArchiveEntryViewSet, basename="archive-entry")
urlpatterns = router.urls
