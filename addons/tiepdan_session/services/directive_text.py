"""What a viewer may read of a directive (screens and API share it).

A denunciation's denouncer stays secret (Luật Tố cáo arts. 8.2, 47.2): a non-handler (the lead or a
supporting agency, lanh_dao, thanh_tra) reads the board's redacted copy of the instruction or "(nội dung
được bảo mật)"; a progress report, the reason for sending a report back, and the written answer to the
citizen (which names them) are readable — and downloadable — only by the case's handlers and the agency
or commune that wrote or receives them.
"""

from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.scoping import shielded_flag, user_agency_id
from addons.tiepdan_case.services import identity
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.identity import SECRET_TEXT, shown_copy

from ..models import Directive
from . import directives as service


def annotate(queryset, user):
    """`case_shielded` on each row: is the case behind it a denunciation this user does not handle?"""
    return queryset.annotate(case_shielded=shielded_flag(user, "case_id"))


def masked(user, directive) -> bool:
    case = directive.case
    if not case.is_protected:
        return False
    flag = getattr(directive, "case_shielded", None)
    return flag if flag is not None else not identity.is_handler(user, case)


def instruction(user, directive) -> str:
    if not masked(user, directive):
        return directive.instruction
    return shown_copy(directive.instruction, directive.redacted_instruction)


def is_lead(user, directive) -> bool:
    return service.acts_as(user, directive) == "lead"


def return_reason(user, directive) -> str:
    """Written by the board for the lead: the lead reads it, other non-handlers only that there is one."""
    text = directive.return_reason
    if not text or not masked(user, directive) or is_lead(user, directive):
        return text
    return str(SECRET_TEXT)


def _same_author(user, report) -> bool:
    """The report came from the user's own agency (a commune clerk's agency is the commune's UBND)."""
    agency = user_agency_id(user)
    return bool(agency) and report.agency_id == agency


def report_readable(user, report) -> bool:
    return not masked(user, report.directive) or _same_author(user, report)


def report_text(user, report) -> str:
    return report.text if report_readable(user, report) else str(SECRET_TEXT)


def report_file_name(user, report) -> str:
    if not report.original_name:
        return ""
    return report.original_name if report_readable(user, report) else str(SECRET_TEXT)


def answer_readable(user, directive) -> bool:
    """The written answer names the citizen: handlers and the lead that sent it."""
    return not masked(user, directive) or is_lead(user, directive)


def answer_file_name(user, directive) -> str:
    if not directive.answer_file_name:
        return ""
    return directive.answer_file_name if answer_readable(user, directive) else str(SECRET_TEXT)


def case_title(user, directive) -> str:
    return identity.case_text(directive.case, "title", masked(user, directive))


HISTORY_LABELS = {
    "issue": _("Issued"),
    "report_progress": _("Progress report"),
    "mark_reported": _("Reported carried out"),
    "accept": _("Accepted as done"),
    "return": _("Report sent back"),
    "escalate": _("Raised to the chair"),
}
# Free text a masked viewer never reads in the history (the instruction, the answer's number is fine).
SECRET_CHANGES = ("instruction", "redacted_instruction")


def history_rows(user, directive) -> list[dict]:
    """The directive's history in Vietnamese; for a masked viewer the free text is kept secret."""
    from ..models import DirectiveState

    hide = masked(user, directive)
    lead = is_lead(user, directive)
    rows = []
    for event in history_of(directive)[:100]:
        changes = dict(event.changes or {})
        if hide:
            changes = {k: v for k, v in changes.items() if k not in SECRET_CHANGES}
        note = event.note
        if hide and note and not (event.action == "return" and lead):
            note = str(SECRET_TEXT)
        parts = []
        for key, value in changes.items():
            if key in ("report", "supporting_agencies"):
                continue
            label = CHANGE_LABELS.get(key)
            if label is None:
                try:
                    label = Directive._meta.get_field(key).verbose_name
                except Exception:  # noqa: BLE001 - not a field: show the key
                    label = key
            if isinstance(value, list) and len(value) == 2:
                parts.append(f"{label}: {_value(value[0])} → {_value(value[1])}")
        rows.append(
            {
                "at": event.at,
                "actor": (event.actor.get_full_name() or event.actor.username) if event.actor else "",
                "kind": event.get_kind_display(),
                "action": str(HISTORY_LABELS.get(event.action, "")),
                "to_state": DirectiveState(event.to_state).label
                if event.to_state in DirectiveState.values
                else "",
                "changes": "; ".join(parts),
                "note": note,
            }
        )
    return rows


CHANGE_LABELS = {"working_days_late": _("working days late")}


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    return str(value)
