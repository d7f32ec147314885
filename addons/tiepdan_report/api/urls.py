"""Routes of the report module under /api/v1/ (merged into the root by config/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("documents", views.IssuedDocumentViewSet, basename="document")

extra_urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("reports/so-tiep-cong-dan/", views.RegisterExport.as_view(), name="report-register"),
    path("reports/bieu-01-tcd/", views.StatisticsExport.as_view(form="01"), name="report-form01"),
    path("reports/bieu-02-tcd/", views.StatisticsExport.as_view(form="02"), name="report-form02"),
]
