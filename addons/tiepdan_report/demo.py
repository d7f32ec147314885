"""Demo data of the report module, loaded by the case module's `load_demo` after the session module's:
the schedule notice of each announced demo session and the file of Phường Mỹ Tho's invitations, issued
through the numbered path by the demo `ban_tcd` and `ubnd_xa`; for each concluded session the draft of the
conclusions notice (what the worker makes) and the minutes. Idempotent: what exists is left alone."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from addons.tiepdan_case.models import AdministrativeUnit
from addons.tiepdan_session.models import ReceptionSession

from .models import DocumentKind, IssuedDocument
from .services.session_documents import commune_invitations, draft_conclusions, issue_session_document

MY_THO = "28261"


def load(stdout=None):
    users = get_user_model().objects
    board, commune = users.filter(username="ban_tcd").first(), users.filter(username="ubnd_xa").first()
    if board is None or commune is None:
        return
    unit = AdministrativeUnit.objects.filter(code=MY_THO).first()
    issued = 0
    for session in ReceptionSession.objects.filter(state__in=("announced", "ready")).order_by("start"):
        if IssuedDocument.objects.filter(session=session, kind=DocumentKind.SCHEDULE_NOTICE).exists():
            continue
        issue_session_document(
            board, DocumentKind.SCHEDULE_NOTICE, session, signer_name="Trưởng Ban Tiếp công dân"
        )
        issued += 1
        if unit is not None and commune_invitations(commune, session, unit).exists():
            issue_session_document(commune, DocumentKind.COMMUNE_INVITATIONS, session, unit=unit)
            issued += 1
    for session in ReceptionSession.objects.filter(state__in=("concluded", "closed")).order_by("start"):
        if draft_conclusions(session.pk) is not None:
            issued += 1
        if not IssuedDocument.objects.filter(session=session, kind=DocumentKind.MINUTES).exists():
            issue_session_document(board, DocumentKind.MINUTES, session, signer_name=board.get_full_name())
            issued += 1
    if stdout is not None:
        stdout.write(_("Report module: %(count)d demo documents issued.") % {"count": issued} + "\n")
