"""Back-office pages of the session module (readiness per session, month calendar)."""

from django.urls import path

from . import views

app_name = "tiepdan_session"
urlpatterns = [
    path("<int:session_id>/san-sang/", views.readiness, name="readiness"),
    path("lich-thang/", views.month_calendar, name="calendar"),
]
