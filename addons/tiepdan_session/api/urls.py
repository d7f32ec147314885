from rest_framework.routers import SimpleRouter

from . import recordings, views

router = SimpleRouter(trailing_slash=True)  # merged into one root by config/api_urls.py
router.register("sessions", views.SessionViewSet, basename="session")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("recordings", recordings.RecordingViewSet, basename="recording")
urlpatterns = router.urls
