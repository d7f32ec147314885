"""Routes of the case module under /api/v1/ (included by config/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import custody, notifications, views

router = SimpleRouter(trailing_slash=True)  # config/api_urls.py merges every module's router into one root
router.register("units", views.UnitViewSet, basename="unit")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("citizens", views.CitizenViewSet, basename="citizen")
router.register("cases", views.CaseViewSet, basename="case")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("role-grants", views.RoleGrantRequestViewSet, basename="role-grant")
router.register("identity-requests", custody.IdentityAccessRequestViewSet, basename="identity-request")

extra_urlpatterns = [path("auth/token/", views.TokenView.as_view(), name="api-token")]
urlpatterns = [*extra_urlpatterns, *router.urls]
