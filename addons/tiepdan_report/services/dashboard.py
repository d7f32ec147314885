"""The managers' figures (admin home and GET /api/v1/dashboard/): grouped queries over
`Model.objects.visible_to(user)`, a fixed number of queries whatever the data, each figure with the link
to the filtered list behind it. Sessions and directives join when their module lands on main."""

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.choices import CaseState, CaseType
from addons.tiepdan_case.models import Case, Reception
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import is_commune_clerk, user_agency_id

from . import tally

DASHBOARD_ROLES = frozenset({R.LANH_DAO, R.CHU_TICH, R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.UBND_XA})
# Agencies that lead or support directives: their own directives and deadlines only (issue 11).
AGENCY_ROLES = frozenset({R.SO_NGANH, R.SO_TU_PHAP, R.SO_TAI_CHINH, R.SO_KHCN, R.CONG_AN, R.DIEN_LUC})


def _cases_url(**filters) -> str:
    base = reverse("admin:tiepdan_case_case_changelist")
    return f"{base}?{urlencode(filters)}" if filters else base


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def figures_for(user) -> dict:
    """{"cases_by_type", "cases_by_state", "cases_by_commune", "received_per_month", "waiting_for_session",
    "months_without_periodic_session"} + the session and directive figures; for an agency only its
    directive figures (`agency_view`); empty for roles without a dashboard."""
    from .directive_figures import directive_figures

    roles = user_roles(user)
    if not roles & DASHBOARD_ROLES and not getattr(user, "is_superuser", False):
        if roles & AGENCY_ROLES and user_agency_id(user):
            return {"agency_view": True, **directive_figures(user)}
        return {}
    cases = Case.objects.visible_to(user)
    today = timezone.localdate()
    months = _months_back(today, 12)
    commune = is_commune_clerk(user)
    province = tally.kept() and tally.sees_every_case(user)
    if province:
        # Every live case: the counts PostgreSQL keeps (models/tally.py), not a scan of the case table.
        groups = tally.by_state_type()
        per_month = {(m.year, m.month): n for m, n in tally.by_month(months[0]).items()}
    else:
        # One grouped query for the types and the states (a commune: an index-only scan of its cases).
        groups = cases.values_list("state", "case_type").annotate(n=Count("id")).order_by()
        per_month = {
            (m.year, m.month): n
            for m, n in cases.filter(received_date__gte=months[0])
            .annotate(month=TruncMonth("received_date"))
            .values_list("month")
            .annotate(n=Count("id"))
            .order_by()
        }
    by_type, by_state = defaultdict(int), defaultdict(int)
    for state, case_type, n in groups:
        by_type[case_type] += n
        by_state[state] += n
    result = {
        "cases_by_type": [
            {
                "code": code,
                "label": str(label),
                "value": by_type.get(code, 0),
                "url": _cases_url(case_type__exact=code),
            }
            for code, label in CaseType.choices
        ],
        "cases_by_state": [
            {"code": code, "label": str(label), "value": by_state[code], "url": _cases_url(state__exact=code)}
            for code, label in CaseState.choices
            if by_state.get(code)
        ],
        "received_per_month": [
            {
                "month": f"{m:%m/%Y}",
                "value": per_month.get((m.year, m.month), 0),
                "url": _cases_url(received_date__year=m.year, received_date__month=m.month),
            }
            for m in months
        ],
        "waiting_for_session": {
            "value": by_state.get(CaseState.ACCEPTED, 0),
            "url": _cases_url(state__exact=CaseState.ACCEPTED),
        },
    }
    from .session_figures import session_figures

    result.update(session_figures(user, commune=commune))
    result.update(directive_figures(user))
    if not commune:
        top = (
            tally.top_units(10)
            if province
            else cases.values_list("unit_id", "unit__name")
            .annotate(n=Count("id"))
            .order_by("-n", "unit__name")[:10]
        )
        result["cases_by_commune"] = [
            {"label": name, "value": n, "url": _cases_url(unit__id__exact=unit_id)}
            for unit_id, name, n in top
        ]
        # Luật TCD art. 12.5: the provincial chairman receives citizens at least one day a month.
        start = timezone.make_aware(dt.datetime.combine(months[0], dt.time.min))
        held = {
            (m.year, m.month)
            for m in Reception.objects.visible_to(user)
            .filter(kind="dinh_ky", by_head=True, receiving_agency__kind="ubnd_tinh", received_at__gte=start)
            .annotate(month=TruncMonth("received_at"))
            .values_list("month", flat=True)
            .distinct()
            .order_by()
        }
        result["months_without_periodic_session"] = [
            {"month": f"{m:%m/%Y}", "url": reverse("admin:tiepdan_case_reception_changelist")}
            for m in months[:-1]  # the current month is not over
            if (m.year, m.month) not in held
        ]
    return result
