"""/api/v1/: one root listing every module's resources; auth, schema, docs; JSON 404 for the rest."""

from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from addons.tiepdan_bridge.api.urls import router as bridge_router
from addons.tiepdan_case.api.errors import error_body
from addons.tiepdan_case.api.urls import extra_urlpatterns as case_extra_urls
from addons.tiepdan_case.api.urls import router as case_router
from addons.tiepdan_report.api.urls import extra_urlpatterns as report_extra_urls
from addons.tiepdan_report.api.urls import router as report_router
from addons.tiepdan_session.api.urls import router as session_router

root = DefaultRouter(trailing_slash=True)
for module_router in (case_router, bridge_router, session_router, report_router):
    root.registry.extend(module_router.registry)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request, *args, **kwargs):
    from django.utils.translation import gettext as _

    return Response(error_body("not_found", _("Not found, or not visible to you.")), status=404)


urlpatterns = [
    *case_extra_urls,
    *report_extra_urls,
    *root.urls,
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a separate file: no inline script (the CSP refuses them).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^.*$", not_found, name="api-not-found"),
]
