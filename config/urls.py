from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView


class FaviconRedirect(RedirectView):
    """The static URL is read per request: importing the URLconf needs no collectstatic manifest."""

    def get_redirect_url(self, *args, **kwargs):
        return static("tiepdan_case/favicon.svg")


urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", FaviconRedirect.as_view(permanent=True)),
    path("api/v1/", include("config.api_urls")),
    path("", include("addons.tiepdan_case.urls")),
    path("bridge/", include("addons.tiepdan_bridge.urls")),
    path("bridge/", include("addons.tiepdan_bridge.archive_urls")),
    path("sessions/", include("addons.tiepdan_session.urls")),
    path("lich-tiep-cong-dan/", include("addons.tiepdan_session.public_urls")),
    path("", admin.site.urls),
]

# Vietnamese error pages in the back-office style (with DEBUG on too: ErrorPageMiddleware).
handler400 = "addons.tiepdan_case.error_pages.bad_request"
handler403 = "addons.tiepdan_case.error_pages.permission_denied"
handler404 = "addons.tiepdan_case.error_pages.page_not_found"
handler500 = "addons.tiepdan_case.error_pages.server_error"
