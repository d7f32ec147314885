from rest_framework.routers import SimpleRouter

from . import recordings, views

router = SimpleRouter(trailing_slash=True)  # merged into one root by config/api_urls.py
router.register("sessions", views.SessionViewSet, basename="session")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("case-answers", views.CaseAnswerViewSet, basename="case-answer")
router.register("recordings", recordings.RecordingViewSet, basename="recording")
urlpatterns = router.urls
