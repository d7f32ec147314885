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
    issued += _case_documents(board, commune)
    if stdout is not None:
        stdout.write(_("Report module: %(count)d demo documents issued.") % {"count": issued} + "\n")


def _case_documents(board, commune) -> int:
    """Mẫu 01/TCD for one refused case of Phường Mỹ Tho by its People's Committee and one elsewhere by the
    board (each recorded on its case, NĐ 154 art. 4.3; the other refusals stay in the home queue), and
    Mẫu 02/TCD for the papers the applicant organisation's representative handed over."""
    from addons.tiepdan_case.models import Reception

    from .services.documents import issue_document
    from .services.pending import pending_refusal_notices

    issued = 0
    if not IssuedDocument.objects.filter(kind=DocumentKind.REFUSAL_NOTICE).exists():
        for user, signer, mine in ((commune, "Chủ tịch UBND phường", True), (board, "Trưởng Ban", False)):
            pending = pending_refusal_notices(user)
            pending = pending.filter(unit__code=MY_THO) if mine else pending.exclude(unit__code=MY_THO)
            case = pending.first()
            if case is not None:
                issue_document(user, DocumentKind.REFUSAL_NOTICE, case, signer_name=signer)
                issued += 1
    reception = (
        Reception.objects.filter(papers__isnull=False, case__unit__code=MY_THO)
        .exclude(case__organisation_name="")
        .order_by("id")
        .first()
    )
    if reception is not None and not IssuedDocument.objects.filter(reception=reception).exists():
        issue_document(commune, DocumentKind.RECEIPT, reception)
        issued += 1
    return issued
