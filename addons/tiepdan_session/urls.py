"""Back-office pages of the session module (readiness per session, month calendar)."""

from django.urls import path

from . import views, views_recordings

app_name = "tiepdan_session"
urlpatterns = [
    path("<int:session_id>/san-sang/", views.readiness, name="readiness"),
    path("lich-thang/", views.month_calendar, name="calendar"),
    path("ban-ghi/<int:recording_id>/<str:action>/", views_recordings.recording_file, name="recording_file"),
]
