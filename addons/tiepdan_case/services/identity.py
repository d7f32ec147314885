"""Protecting a denouncer's identity (Luật Tố cáo arts. 8, 47, 56; NĐ 154 art. 12.2).

For a protected denunciation (`to_cao` with identity protection) the denouncer's name, identity
number, phone and address are shown only to the case's handlers, and each such view is logged.
Everyone else gets `MASKED_NAME` and dashes — in screens, API, exports, search and messages.
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from ..models import Case, IdentityAccessLog
from ..scoping import handled_cases_q

MASKED_NAME = _("Protected denouncer")
MASKED_VALUE = "••••••"


def is_handler(user, case: Case) -> bool:
    q = handled_cases_q(user)
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
    return shielded if shielded is not None else not is_handler(user, case)


def log_unmasked_view(user, case: Case, channel: str) -> None:
    """Write one access-log row when a handler sees a protected identity."""
    log_unmasked_views(user, [case], channel)


def log_unmasked_views(user, cases, channel: str) -> None:
    """One access-log row per protected case a handler saw (a list writes them in one statement)."""
    if not getattr(user, "is_authenticated", False):
        return
    rows = [
        IdentityAccessLog(case=case, user=user, channel=channel[:40]) for case in cases if case.is_protected
    ]
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


def redact_text(text: str, case: Case, user) -> str:
    """Remove the protected participants' names, identity numbers and phones from free text."""
    if not text or not must_mask(user, case):
        return text
    from ..validators import format_phone

    for participant in _participants(case):
        citizen = participant.citizen
        national = format_phone(citizen.phone)  # people write "0912 345 678" or "0912345678", not E.164
        phones = (str(citizen.phone or ""), national, national.replace(" ", ""))
        for secret in (citizen.full_name, citizen.id_number, *phones, citizen.address):
            if secret and len(secret) >= 3:
                text = re.sub(
                    _loose_pattern(secret),
                    str(MASKED_NAME) if secret == citizen.full_name else MASKED_VALUE,
                    unicodedata.normalize("NFC", text),
                    flags=re.IGNORECASE,
                )
    return text


def _participants(case: Case):
    """The case's people with their citizens, from a list's prefetch when there is one (no query per row)."""
    if "participants" in getattr(case, "_prefetched_objects_cache", {}):
        return case.participants.all()
    return case.participants.select_related("citizen")


def _loose_pattern(secret: str) -> str:
    # Vietnamese keyboards may type composed or decomposed accents, and clerks may double a space.
    words = unicodedata.normalize("NFC", secret).split()
    return r"\s+".join(re.escape(word) for word in words)
