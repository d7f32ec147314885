"""The session figures of the managers' dashboard (services/dashboard.py): sessions by state, the next
sessions with the readiness colour of their page, the median working days from a case's receipt to its
hearing at a session, and for a commune its invitations coming up. Through `visible_to`; grouped queries.
The readiness of at most `UPCOMING` sessions is computed (the readiness page's own rule), so the number of
queries has a ceiling whatever the data."""

import datetime as dt
import statistics
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Count, F
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.choices import CalendarDayKind
from addons.tiepdan_case.models import CalendarDay
from addons.tiepdan_case.services.calendar import is_working_day
from addons.tiepdan_session.choices import SessionState
from addons.tiepdan_session.models import AgendaItem, Invitation, ReceptionSession

from . import stored_figures

S = SessionState
UPCOMING = 3
COMING_STATES = (S.APPROVED, S.ANNOUNCED, S.READY)
HELD_STATES = (S.IN_PROGRESS, S.CONCLUDED, S.CLOSED)


def _url(name, **filters) -> str:
    base = reverse(name)
    return f"{base}?{urlencode(filters)}" if filters else base


def median_working_days(pairs) -> float | None:
    """The median of the working days from each start date to its end date (one calendar query): the
    working days after the start up to and including the end, 0 when the end is not after the start."""
    pairs = [(a, b) for a, b in pairs if a and b]
    if not pairs:
        return None
    first = min(min(a, b) for a, b in pairs)
    last = max(max(a, b) for a, b in pairs)
    exceptions = dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"))
    span = (last - first).days
    working = [is_working_day(first + dt.timedelta(days=n), exceptions) for n in range(span + 1)]
    cumulative, total = [], 0
    for flag in working:
        total += flag
        cumulative.append(total)
    days = [max(cumulative[(b - first).days] - cumulative[(a - first).days], 0) for a, b in pairs]
    return float(statistics.median(days))


# The same median in one statement (PostgreSQL): the working days of the whole span numbered once (a
# calendar exception first, then Monday to Friday), each pair the difference of its two numbers.
MEDIAN_SQL = """
WITH pairs AS ({pairs}),
span AS (
    SELECT least(min(wd_from), min(wd_to)) AS lo, greatest(max(wd_from), max(wd_to)) AS hi
    FROM pairs WHERE wd_from IS NOT NULL AND wd_to IS NOT NULL
),
days AS (
    SELECT g::date AS day, sum(
        CASE WHEN c.kind = %s THEN 0 WHEN c.kind = %s THEN 1 WHEN extract(isodow FROM g) < 6 THEN 1 ELSE 0 END
    ) OVER (ORDER BY g) AS n
    FROM span CROSS JOIN generate_series(span.lo::timestamp, span.hi::timestamp, interval '1 day') AS g
    LEFT JOIN {calendar} AS c ON c.date = g::date
)
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(b.n - a.n, 0))
FROM pairs JOIN days AS a ON a.day = pairs.wd_from JOIN days AS b ON b.day = pairs.wd_to
"""


def _pairs(queryset, start, end):
    return queryset.annotate(wd_from=start, wd_to=end).values_list("wd_from", "wd_to").order_by()


def median_working_days_between(queryset, start, end) -> float | None:
    """`median_working_days` of the (start, end) date expressions over the rows of `queryset`, counted by
    the database on PostgreSQL (no row comes to Python: tens of thousands of agenda items or directives),
    in Python elsewhere."""
    return _median_of_pairs(_pairs(queryset, start, end))


def kept_median_working_days_between(queryset, start, end) -> dict:
    """{"value": `median_working_days_between(...)`, "computed_at": when}: the value kept for this statement
    (the viewer's scope) if computed less than `stored_figures.FRESH_FOR` ago, else computed now (a scan over
    years of rows: 0.1-0.3 s at full scale, issue 13)."""
    pairs = _pairs(queryset, start, end)
    value, computed_at = stored_figures.kept("median_working_days", pairs, lambda: _median_of_pairs(pairs))
    return {
        "value": value,
        "computed_at": timezone.localtime(computed_at),
        "recomputed_after_minutes": int(stored_figures.FRESH_FOR.total_seconds() // 60),
    }


def _median_of_pairs(pairs) -> float | None:
    connection = connections[pairs.db]
    if connection.vendor != "postgresql":
        return median_working_days(pairs)
    sql, params = pairs.query.sql_with_params()
    statement = MEDIAN_SQL.format(pairs=sql, calendar=connection.ops.quote_name(CalendarDay._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(statement, (*params, CalendarDayKind.HOLIDAY, CalendarDayKind.WORKING))
        (median,) = cursor.fetchone()
    return None if median is None else float(median)


def session_figures(user, *, commune: bool) -> dict:
    from addons.tiepdan_session.services.readiness_page import session_page

    now = timezone.now()
    sessions = ReceptionSession.objects.visible_to(user)
    changelist = "admin:tiepdan_session_receptionsession_changelist"
    by_state = dict(sessions.values_list("state").annotate(n=Count("id")).order_by())
    upcoming = []
    coming = sessions.filter(state__in=COMING_STATES, end__gte=now).order_by("start")[:UPCOMING]
    for session in coming:
        colour = session_page(user, session)["colour"] if session.state != S.APPROVED else ""
        upcoming.append(
            {
                "code": session.code,
                "title": session.title,
                "start": timezone.localtime(session.start).strftime("%H:%M %d/%m/%Y"),
                "state": session.get_state_display(),
                "colour": colour,
                "url": reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]),
                "readiness_url": reverse("tiepdan_session:readiness", args=[session.pk]),
            }
        )
    median = kept_median_working_days_between(
        AgendaItem.objects.visible_to(user).filter(session__state__in=HELD_STATES),
        F("case__received_date"),
        TruncDate("session__start"),  # the local day of the session
    )
    result = {
        "sessions_by_state": [
            {
                "code": code,
                "label": str(label),
                "value": by_state[code],
                "url": _url(changelist, state__exact=code),
            }
            for code, label in SessionState.choices
            if by_state.get(code)
        ],
        "upcoming_sessions": upcoming,
        "median_days_receipt_to_session": {
            **median,
            "url": _url(changelist, state__exact=S.CONCLUDED),
        },
    }
    if commune:
        coming = (
            Invitation.objects.visible_to(user)
            .filter(session__state__in=(S.ANNOUNCED, S.READY), session__end__gte=now)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = dict(coming)
        invitations = "admin:tiepdan_session_invitation_changelist"
        result["invitations_coming_up"] = {
            "value": sum(counts.values()),
            "pending": counts.get("pending", 0),
            "url": _url(invitations),
            "pending_url": _url(invitations, status__exact="pending"),
        }
    return result
