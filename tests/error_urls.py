"""The project's URLs plus one page that fails, to see the 500 page (tests only)."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("loi-thu/", failing_view), *urlpatterns]
