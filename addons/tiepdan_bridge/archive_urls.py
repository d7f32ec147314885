"""Pages of the signed archive outside the admin: the logged download."""

from django.urls import path

from . import views_archive

app_name = "tiepdan_archive"

urlpatterns = [
    path("archive/<int:pk>/download/", views_archive.download, name="download"),
]
