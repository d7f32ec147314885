"""Back-office pages of the session module (readiness per session, month calendar)."""

from django.urls import path

from . import directive_views, views, views_console, views_files, views_recordings

app_name = "tiepdan_session"
urlpatterns = [
    path("<int:session_id>/san-sang/", views.readiness, name="readiness"),
    path("lich-thang/", views.month_calendar, name="calendar"),
    path("chi-dao-qua-han/", directive_views.overdue_lists, name="directives_overdue"),
    path("bao-cao-chi-dao/<int:pk>/tep/", directive_views.report_file, name="directive_report_file"),
    path("chi-dao/<int:pk>/van-ban-tra-loi/", directive_views.answer_file, name="directive_answer_file"),
    path("tra-loi-cong-dan/<int:pk>/tep/", directive_views.case_answer_file, name="case_answer_file"),
    path("ho-so-bao-cao/<int:pk>/tep/", views_files.briefing_file, name="briefing_file"),
    path("<int:pk>/van-ban-uy-quyen/", views_files.authorisation_file, name="authorisation_file"),
    path("<int:session_id>/dieu-hanh/", views_console.console_page, name="console"),
    path("<int:session_id>/truc-tiep/", views_console.live_page, name="live"),
    path("<int:session_id>/truc-tiep/khung/", views_console.live_fragment, name="live_fragment"),
    path("ban-ghi/<int:recording_id>/<str:action>/", views_recordings.recording_file, name="recording_file"),
]
