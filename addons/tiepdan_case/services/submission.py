"""Why a case cannot yet be sent to the province (TEAM.md interface 4).

`submit_problems(case)` is the one list of reasons, in plain Vietnamese: the `submit` guard of the
workflow, the case page (above its buttons and when "Gửi về tỉnh" is pressed) and the API (`409` and the
case's `submit_problems` field) all read it. An empty list means the case may be sent. A draft may be
saved with problems; it only cannot move on.
"""

from django.utils.translation import gettext as _

from ..choices import CaseType, Eligibility, ParticipantRole
from ..models import Case
from ..validators import future_receipt_error
from .cases import representatives_errors
from .receptions import reception_problems


def organisation_problems(case: Case, roles: list[str]) -> list[str]:
    """An organisation applies through the person representing it (Luật TCD art. 1; NĐ 154 art. 13.1)."""
    representative = ParticipantRole.DAI_DIEN_TO_CHUC
    if case.is_organisation and representative not in roles:
        return [
            _(
                "Add the person who represents %(organisation)s, with the paper that proves it "
                "(Decree 154 art. 13.1)."
            )
            % {"organisation": case.organisation_name}
        ]
    if not case.is_organisation and representative in roles:
        return [
            _("A representative of an organisation is only for a case whose applicant is an organisation.")
        ]
    return []


def submit_problems(case: Case) -> list[str]:
    """Every reason this case cannot be sent to the province now (empty: it can)."""
    problems: list[str] = []
    roles = [p.role for p in case.participants.all()] if case.pk else []  # uses a list's prefetch
    problems += representatives_errors(case.group_size, roles)
    problems += reception_problems(case)  # NĐ 154 art. 27.1: the reception is in the register
    future = future_receipt_error(case.received_date)
    if future:
        problems.append(future)
    problems += organisation_problems(case, roles)
    if not (case.title or "").strip() or not (case.summary or "").strip():
        problems.append(_("Write the title and the summary of what the citizen brings."))
    if case.eligibility == Eligibility.TO_CAO_PHUC_TAP and (
        case.case_type != CaseType.TO_CAO or case.identity_protection
    ):
        problems.append(
            _("This eligibility is only for a denunciation whose denouncer does not ask for protection.")
        )
    return problems
