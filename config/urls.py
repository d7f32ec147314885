from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("config.api_urls")),
    path("", include("addons.tiepdan_case.urls")),
    path("bridge/", include("addons.tiepdan_bridge.urls")),
    path("bridge/", include("addons.tiepdan_bridge.archive_urls")),
    path("", admin.site.urls),
]

# Vietnamese error pages in the back-office style (with DEBUG on too: ErrorPageMiddleware).
handler400 = "addons.tiepdan_case.error_pages.bad_request"
handler403 = "addons.tiepdan_case.error_pages.permission_denied"
handler404 = "addons.tiepdan_case.error_pages.page_not_found"
handler500 = "addons.tiepdan_case.error_pages.server_error"
