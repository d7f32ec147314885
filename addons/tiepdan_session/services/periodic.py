"""Periodic reception (Luật TCD art. 12.5): the provincial chairman receives citizens at least one day a
month. A command proposes next month's periodic session as a draft; the back office warns of a month
without one."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.calendar import is_working_day

from ..choices import SessionKind, SessionState
from ..models import ReceptionSession
from . import planning, rules

DEFAULT_START = dt.time(8, 0)
DEFAULT_END = dt.time(11, 30)


def _month_bounds(year: int, month: int):
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time.min), tz),
        timezone.make_aware(dt.datetime.combine(following, dt.time.min), tz),
    )


def next_month(today: dt.date) -> tuple[int, int]:
    return (today.year + (today.month == 12), today.month % 12 + 1)


def has_periodic(year: int, month: int) -> bool:
    start, end = _month_bounds(year, month)
    return (
        ReceptionSession.objects.alive()
        .filter(kind=SessionKind.DINH_KY, start__gte=start, start__lt=end)
        .exclude(state=SessionState.CANCELLED)
        .exists()
    )


def missing_months_warnings(today: dt.date | None = None) -> list[str]:
    """This month and next month, when either has no periodic session (not counting cancelled ones)."""
    today = today or timezone.localdate()
    warnings = []
    for year, month in ((today.year, today.month), next_month(today)):
        if not has_periodic(year, month):
            warnings.append(
                _(
                    "Month %(month)02d/%(year)d has no periodic reception session yet: the chairman receives "
                    "citizens at least one day a month (Law on Citizen Reception art. 12.5)."
                )
                % {"month": month, "year": year}
            )
    return warnings


def proposed_day(year: int, month: int) -> dt.date:
    """The first working day on or after the 15th whose 5-working-day notice has not passed."""
    day = dt.date(year, month, 15)
    today = timezone.localdate()
    while not is_working_day(day) or today > rules.notice_deadline(day):
        day += dt.timedelta(days=1)
    return day


def propose_next_month(actor=None, today: dt.date | None = None) -> ReceptionSession | None:
    """A draft periodic session for next month, unless one exists. Returns it, or None."""
    today = today or timezone.localdate()
    year, month = next_month(today)
    if has_periodic(year, month):
        return None
    chair = get_user_model().objects.filter(groups__name=R.CHU_TICH, is_active=True).order_by("pk").first()
    host = BridgeSite.objects.filter(level="tinh", can_host=True, is_active=True).order_by("code").first()
    if chair is None or host is None:
        return None
    day = proposed_day(year, month)
    tz = timezone.get_default_timezone()
    with transaction.atomic():
        session = ReceptionSession(
            kind=SessionKind.DINH_KY,
            title=_("Periodic citizen reception of the provincial chairman, %(month)02d/%(year)d")
            % {"month": month, "year": year},
            start=timezone.make_aware(dt.datetime.combine(day, DEFAULT_START), tz),
            end=timezone.make_aware(dt.datetime.combine(day, DEFAULT_END), tz),
            chair=chair,
            host_site=host,
            created_by=actor,
        )
        if rules.overlap_problems(session):
            return None
        session.code = planning.next_session_code(year)
        session.save()
        record_event(session, actor, "created", note=_("Proposed by the periodic reception command."))
    return session
