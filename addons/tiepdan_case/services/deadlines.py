"""Statutory steps of a denunciation on the working-day calendar (Luật Tố cáo art. 24), beside the
10-working-day answer to the citizen (Luật TCD art. 28.1, `cases.outcome_due`).

- initial processing (vào sổ, phân loại, xử lý ban đầu): 7 working days after receipt, 10 when it needs
  checking and verification;
- forwarding to the competent body: 5 working days after receipt when it is outside competence.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from ..choices import CaseState, CaseType
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


# A denunciation withdrawn, rejected or closed awaits no further statutory step.
ENDED_STATES = (CaseState.CLOSED, CaseState.REJECTED, CaseState.WITHDRAWN)


def step_open_q(kind: str) -> Q:
    """The cases still awaiting step `kind` (outcome, processing, forwarding): due, not yet done, not
    ended. The one definition behind the case list's `overdue` filter, the API's and the home queue's
    lines and counts (`queues.py`), so a line's number is the number of rows its link opens.

    - outcome (the answer to the citizen): every case but a withdrawn one (a rejected or closed case is
      still answered);
    - processing: a denunciation not withdrawn, rejected or closed, whose initial processing is not
      recorded and that was not forwarded (forwarding is how initial processing ends outside competence);
    - forwarding: a denunciation outside competence not withdrawn, rejected or closed nor forwarded yet.
    """
    if kind == "outcome":
        return Q(outcome_due__isnull=False, outcome_notified_on__isnull=True) & ~Q(state=CaseState.WITHDRAWN)
    base = Q(case_type=CaseType.TO_CAO) & ~Q(state__in=ENDED_STATES)
    if kind == "processing":
        return base & Q(
            processing_due__isnull=False, processing_done_on__isnull=True, forwarded_on__isnull=True
        )
    if kind == "forwarding":
        return base & Q(forwarding_due__isnull=False, forwarded_on__isnull=True)
    raise ValueError(kind)


def overdue_q(kind: str, today: dt.date | None = None) -> Q:
    """The cases whose step `kind` (outcome, processing, forwarding) is overdue today."""
    today = today or timezone.localdate()
    due = {"outcome": "outcome_due", "processing": "processing_due", "forwarding": "forwarding_due"}[kind]
    return step_open_q(kind) & Q(**{f"{due}__lt": today})
