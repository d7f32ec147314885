"""Routes of the case module under /api/v1/ (included by config/api_urls.py)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("units", views.UnitViewSet, basename="unit")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("citizens", views.CitizenViewSet, basename="citizen")
router.register("cases", views.CaseViewSet, basename="case")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    *router.urls,
]
