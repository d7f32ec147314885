"""The rules a session must keep (issue 9 "Rules"), as plain checks the planning and workflow services
call. Each returns Vietnamese messages (empty: the rule holds)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.services.eligibility import schedule_problems

from ..choices import OPEN_STATES

NOTICE_WORKING_DAYS = 5  # NĐ 154 art. 23.1: announced no later than 5 working days before the session


def notice_deadline(session_date: dt.date) -> dt.date:
    """The last day the session may be announced (5 working days before its date, holidays skipped)."""
    return add_working_days(session_date, -NOTICE_WORKING_DAYS)


def notice_problems(start: dt.datetime, today: dt.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    day = timezone.localtime(start).date()
    deadline = notice_deadline(day)
    if today > deadline:
        return [
            _(
                "A session on %(day)s must be announced no later than %(deadline)s (5 working days before, "
                "Decree 154 art. 23.1); choose a later date."
            )
            % {"day": day.strftime("%d/%m/%Y"), "deadline": deadline.strftime("%d/%m/%Y")}
        ]
    return []


def session_site_ids(session) -> set[int]:
    """Every site of the session: the host, the central bridge when it joins, the component sites."""
    ids = {session.host_site_id} if session.host_site_id else set()
    if session.pk:
        if "component_sites" in getattr(session, "_prefetched_objects_cache", {}):  # a list prefetched them
            ids |= {row.site_id for row in session.component_sites.all()}
        else:
            ids |= set(session.component_sites.values_list("site_id", flat=True))
    if session.central_participation:
        central = getattr(session, "central_site_ids", None)  # set once for a whole list
        ids |= set(central_site_ids() if central is None else central)
    return ids


def central_site_ids() -> list[int]:
    return list(BridgeSite.objects.filter(level="trung_uong", is_active=True).values_list("pk", flat=True))


def _overlapping(session, start, end):
    from ..models import ReceptionSession

    qs = ReceptionSession.objects.alive().filter(state__in=OPEN_STATES, start__lt=end, end__gt=start)
    return qs.exclude(pk=session.pk) if session.pk else qs


def overlap_problems(session, start=None, end=None, extra_site_ids=()) -> list[str]:
    """No site and no chair in two overlapping open sessions."""
    from ..models import SessionSite

    start, end = start or session.start, end or session.end
    if not start or not end or end <= start:
        return []
    others = _overlapping(session, start, end)
    problems = []
    if session.chair_id:
        clash = others.filter(chair_id=session.chair_id).first()
        if clash:
            problems.append(
                _("The chair already chairs session %(code)s at that time.") % {"code": clash.code}
            )
    sites = session_site_ids(session) | set(extra_site_ids)
    if sites:
        central = set(central_site_ids())
        busy = others.filter(
            Q(host_site_id__in=sites)
            | Q(pk__in=SessionSite.objects.filter(site_id__in=sites).values("session_id"))
            | (Q(central_participation=True) if sites & central else Q(pk__in=[]))
        ).first()
        if busy:
            problems.append(
                _("A site of this session is already taken by session %(code)s at that time.")
                % {"code": busy.code}
            )
    return problems


def agenda_eligibility_problems(case) -> list[str]:
    """TEAM.md interface 3: the case module's `eligibility_problems` (online reception, NĐ 154 art. 20)
    within `schedule_problems`, which adds the representatives rule, the written appointment and the
    representatives an online session needs (NĐ 154 art. 22.4) — the very checks of the case workflow's
    `schedule`, so announcing an agenda never stumbles on one of its cases."""
    return schedule_problems(case)


def case_problems(case) -> list[str]:
    """Why this case may not go on an agenda (interface 3 of TEAM.md, plus the case's state)."""
    problems = []
    if case.state != "accepted":
        problems.append(_("Only an accepted case can be put on an agenda."))
    return problems + agenda_eligibility_problems(case)


def case_problems_for_announce(case) -> list[str]:
    """At the announcement the agenda's cases must still be eligible; a case already scheduled (the
    session was moved and is announced again) stays."""
    problems = []
    if case.state not in ("accepted", "scheduled"):
        problems.append(_("The case is no longer accepted."))
    return problems + agenda_eligibility_problems(case)
