"""Back-office pages of the session module (readiness per session, month calendar)."""

from django.urls import path

from . import views, views_console, views_recordings

app_name = "tiepdan_session"
urlpatterns = [
    path("<int:session_id>/san-sang/", views.readiness, name="readiness"),
    path("lich-thang/", views.month_calendar, name="calendar"),
    path("<int:session_id>/dieu-hanh/", views_console.console_page, name="console"),
    path("<int:session_id>/truc-tiep/", views_console.live_page, name="live"),
    path("<int:session_id>/truc-tiep/khung/", views_console.live_fragment, name="live_fragment"),
    path("ban-ghi/<int:recording_id>/<str:action>/", views_recordings.recording_file, name="recording_file"),
]
