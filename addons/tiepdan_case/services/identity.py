"""Keeping a denouncer's identity secret (Luật Tố cáo arts. 8.2, 47.2, 56; NĐ 154 art. 12.2).

For every denunciation (`Case.is_protected`: every `to_cao`) the denouncer's name, identity number,
phone and address are shown only to the case's handlers, and each such view is logged. Everyone else
gets `MASKED_NAME` and dashes, and for free text the handler-written redacted copy or `SECRET_TEXT` —
in screens, API, exports, search and messages.
"""

from django.utils.translation import gettext_lazy as _

from ..models import Case, IdentityAccessLog
from ..scoping import handled_cases_q, identity_open_q

MASKED_NAME = _("Protected denouncer")
MASKED_VALUE = "••••••"


def is_handler(user, case: Case) -> bool:
    q = handled_cases_q(user)
    if q is None:
        return False
    if not q:
        return True
    return Case.objects.filter(q, pk=case.pk).exists()


def sees_identity(user, case: Case) -> bool:
    """A handler of the case, or a user a custodian granted it to (services/custody.py), until it ends."""
    q = identity_open_q(user)
    if q is None:
        return False
    if not q:
        return True
    return Case.objects.filter(q, pk=case.pk).exists()


def must_mask(user, case: Case) -> bool:
    """`is_shielded`, when a list annotated it for this user (scoping.shielded_flag), saves a query per row."""
    if not case.is_protected:
        return False
    shielded = getattr(case, "is_shielded", None)
    return shielded if shielded is not None else not sees_identity(user, case)


def log_unmasked_view(user, case: Case, channel: str) -> None:
    """Write one access-log row when a handler sees a protected identity."""
    log_unmasked_views(user, [case], channel)


def log_unmasked_views(user, cases, channel: str) -> None:
    """One access-log row per protected case a handler saw (a list writes them in one statement)."""
    log_unmasked_case_ids(user, [case.pk for case in cases if case.is_protected], channel)


def log_unmasked_case_ids(user, case_ids, channel: str) -> None:
    """The same for protected cases known by their ids (an export that streams rows, not instances)."""
    if not getattr(user, "is_authenticated", False):
        return
    rows = [IdentityAccessLog(case_id=pk, user_id=user.pk, channel=channel[:40]) for pk in case_ids]
    IdentityAccessLog.objects.bulk_create(rows)


def citizen_fields(
    user, case: Case, citizen, *, channel: str | None = None, masked: bool | None = None
) -> dict:
    """The identity of a citizen in this case as this user may see it."""
    from ..validators import format_phone

    if masked is None:
        masked = must_mask(user, case)
    if masked:
        return {
            "citizen_id": None,
            "full_name": str(MASKED_NAME),
            "id_number": MASKED_VALUE,
            "phone": MASKED_VALUE,
            "address": MASKED_VALUE,
            "masked": True,
        }
    if channel:
        log_unmasked_view(user, case, channel)
    return {
        "citizen_id": citizen.pk,
        "full_name": citizen.full_name,
        "id_number": citizen.id_number,
        "phone": format_phone(citizen.phone),
        "address": citizen.address,
        "masked": False,
    }


# The free text of a denunciation and the handler-written copy a non-handler reads instead (issue 6):
# replacing known spellings of the name is a sieve (other spellings, dotted digits, the given name alone)
# and an oracle (reading back tells which guess was right), so nothing is ever computed from the text.
SECRET_TEXT = _("(content kept secret)")
CASE_TEXT_COPIES = {
    "title": "redacted_title",
    "summary": "redacted_summary",
    "previous_handling": "redacted_previous_handling",
}


def shown_copy(original: str, copy: str) -> str:
    """What a non-handler reads in place of `original`: the handler's redacted copy, or SECRET_TEXT."""
    if not original and not copy:
        return ""
    return copy or str(SECRET_TEXT)


def case_text(case: Case, field: str, masked: bool) -> str:
    """A case's title, summary or earlier handling as this viewer may read it."""
    value = getattr(case, field) or ""
    return shown_copy(value, getattr(case, CASE_TEXT_COPIES[field])) if masked else value


def reception_text(reception, field: str, masked: bool) -> str:
    """A reception's place or note; a non-handler reads the handler's redacted note for both."""
    value = getattr(reception, field) or ""
    if not masked:
        return value
    return shown_copy(value, reception.redacted_note if field == "note" else "")


def attachment_name(attachment, masked: bool) -> str:
    return (
        shown_copy(attachment.original_name, attachment.redacted_name) if masked else attachment.original_name
    )


def secret_note(text: str, masked: bool) -> str:
    """Free text in a case's history (a reason, a note): a non-handler reads that there is one, not what."""
    return str(SECRET_TEXT) if masked and text else text
