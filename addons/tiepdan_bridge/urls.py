"""Pages of the bridge module outside the model screens: the readiness board."""

from django.urls import path

from . import views

app_name = "tiepdan_bridge"
urlpatterns = [path("board/", views.board, name="board")]
