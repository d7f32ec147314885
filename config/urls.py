from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("config.api_urls")),
    path("", include("addons.tiepdan_case.urls")),
    path("bridge/", include("addons.tiepdan_bridge.urls")),
    path("bridge/", include("addons.tiepdan_bridge.archive_urls")),
    path("sessions/", include("addons.tiepdan_session.urls")),
    path("lich-tiep-cong-dan/", include("addons.tiepdan_session.public_urls")),
    path("", admin.site.urls),
]
