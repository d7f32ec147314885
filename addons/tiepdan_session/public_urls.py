"""The public schedule (Luật TCD art. 24; plan III.9–III.10): no login, no names, no case content."""

from django.urls import path

from . import views

app_name = "tiepdan_session_public"
urlpatterns = [
    path("", views.public_schedule, name="schedule"),
    path("lich.ics", views.public_ics, name="ics"),
    path("rss.xml", views.PublicFeed(), name="rss"),
]
