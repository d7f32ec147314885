"""/api/v1/: every module adds its routes to one router; auth, schema and docs live here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("addons.tiepdan_case.api.urls")),
    path("", include("addons.tiepdan_bridge.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
