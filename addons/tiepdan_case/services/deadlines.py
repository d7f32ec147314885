"""Statutory steps of a denunciation on the working-day calendar (Luật Tố cáo art. 24), beside the
10-working-day answer to the citizen (Luật TCD art. 28.1, `cases.outcome_due`).

- initial processing (vào sổ, phân loại, xử lý ban đầu): 7 working days after receipt, 10 when it needs
  checking and verification;
- forwarding to the competent body: 5 working days after receipt when it is outside competence.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from ..choices import CaseType
from .calendar import add_working_days

PROCESSING_DAYS = 7
PROCESSING_DAYS_WITH_VERIFICATION = 10
FORWARDING_DAYS = 5
OVERDUE_KINDS = ("outcome", "processing", "forwarding")


def refresh_due_dates(case) -> None:
    """Set the denunciation's due dates from its receipt date (called before every save by the service)."""
    if case.case_type != CaseType.TO_CAO or not case.received_date:
        case.processing_due = case.forwarding_due = None
        return
    days = PROCESSING_DAYS_WITH_VERIFICATION if case.needs_verification else PROCESSING_DAYS
    case.processing_due = add_working_days(case.received_date, days)
    case.forwarding_due = (
        None if case.within_provincial_competence else add_working_days(case.received_date, FORWARDING_DAYS)
    )


def step_status(due: dt.date | None, done: dt.date | None, today: dt.date | None = None) -> str:
    """'' (no such step), 'done', 'overdue' or 'due'."""
    if not due:
        return ""
    if done:
        return "done"
    return "overdue" if (today or timezone.localdate()) > due else "due"


def overdue_q(kind: str, today: dt.date | None = None) -> Q:
    """The cases whose step `kind` (outcome, processing, forwarding) is overdue today, for list filters."""
    today = today or timezone.localdate()
    due, done = {
        "outcome": ("outcome_due", "outcome_notified_on"),
        "processing": ("processing_due", "processing_done_on"),
        "forwarding": ("forwarding_due", "forwarded_on"),
    }[kind]
    return Q(**{f"{due}__lt": today, f"{done}__isnull": True})
