"""Non-admin pages of the case module: downloads that must check permission and log access, and the
two-factor sign-in pages (their prefix is open to a session not yet verified: middleware.py)."""

from django.urls import path

from . import views, views_account

app_name = "tiepdan_case"

urlpatterns = [
    path("tai-lieu/<int:pk>/", views.download_attachment, name="attachment_download"),
    path("tai-khoan/xac-thuc/", views_account.verify, name="second_factor_verify"),
    path("tai-khoan/xac-thuc/dang-ky/", views_account.enrol, name="second_factor_enrol"),
    path("tai-khoan/xac-thuc/ma-du-phong/", views_account.recovery_codes, name="second_factor_recovery"),
]
