"""Directive figures of the dashboard: open and overdue directives (in total and by lead agency or commune),
the next deadlines, the median working days from a directive's issue to its acceptance as done. Through
`Directive.objects.visible_to(user)` — the office sees every issued directive, an agency or a commune only
the directives it leads or supports — in four grouped queries (a fifth for the calendar when some are
done)."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_session.models import Directive
from addons.tiepdan_session.models.directive import AGENCY_TURN, DirectiveState

from .session_figures import kept_median_working_days_between

D = DirectiveState
OPEN = (D.OPEN, D.IN_PROGRESS, D.REPORTED)
TOP = 10
NEXT = 5


def _url(**filters) -> str:
    base = reverse("admin:tiepdan_session_directive_changelist")
    return f"{base}?{urlencode(filters)}" if filters else base


def directive_figures(user) -> dict:
    today = timezone.localdate()
    issued = Directive.objects.visible_to(user).filter(issued_at__isnull=False)
    open_q = Q(state__in=OPEN)
    overdue_q = Q(state__in=AGENCY_TURN, deadline__lt=today)
    open_filter = {"state__in": ",".join(OPEN)}
    overdue_filter = {"state__in": ",".join(AGENCY_TURN), "deadline__lt": today.isoformat()}
    totals = issued.aggregate(open=Count("id", filter=open_q), overdue=Count("id", filter=overdue_q))
    by_lead = (
        issued.filter(open_q)
        .values_list("lead_agency_id", "lead_agency__name", "lead_unit_id", "lead_unit__name")
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue_q))
        .order_by("-overdue", "-open", "lead_agency__name", "lead_unit__name")[:TOP]
    )
    leads = []
    for agency_id, agency_name, unit_id, unit_name, n_open, n_overdue in by_lead:
        lead = {"lead_agency__id__exact": agency_id} if agency_id else {"lead_unit__id__exact": unit_id}
        leads.append(
            {
                "label": agency_name or unit_name,
                "open": n_open,
                "overdue": n_overdue,
                "url": _url(**lead, **open_filter),
                "overdue_url": _url(**lead, **overdue_filter),
            }
        )
    upcoming = [
        {
            "case": code,
            "deadline": f"{deadline:%d/%m/%Y}",
            "overdue": deadline < today,
            "lead": agency_name or unit_name,
            "url": reverse("admin:tiepdan_session_directive_change", args=[pk]),
        }
        for pk, code, deadline, agency_name, unit_name in issued.filter(state__in=AGENCY_TURN)
        .order_by("deadline", "id")
        .values_list("pk", "case__code", "deadline", "lead_agency__name", "lead_unit__name")[:NEXT]
    ]
    median = kept_median_working_days_between(
        issued.filter(state=D.DONE, accepted_at__isnull=False),
        TruncDate("issued_at"),
        TruncDate("accepted_at"),
    )
    return {
        "directives_open": {"value": totals["open"], "url": _url(**open_filter)},
        "directives_overdue": {"value": totals["overdue"], "url": _url(**overdue_filter)},
        "directives_by_lead": leads,
        "directives_next_deadlines": upcoming,
        "median_days_directive_to_done": {**median, "url": _url(state__exact=D.DONE)},
    }
