"""Non-admin pages of the case module (downloads that must check permission and log access)."""

from django.urls import path

from . import views

app_name = "tiepdan_case"

urlpatterns = [
    path("tai-lieu/<int:pk>/", views.download_attachment, name="attachment_download"),
]
