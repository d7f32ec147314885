"""The working-day calendar: Monday–Friday, minus holidays, plus compensatory working days (CalendarDay)."""

import datetime as dt

from ..choices import CalendarDayKind
from ..models import CalendarDay


def _exceptions(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def is_working_day(day: dt.date, exceptions: dict | None = None) -> bool:
    if exceptions is None:
        exceptions = _exceptions(day, day)
    kind = exceptions.get(day)
    if kind == CalendarDayKind.HOLIDAY:
        return False
    if kind == CalendarDayKind.WORKING:
        return True
    return day.weekday() < 5


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (count < 0: before). `start` itself is not counted."""
    step = 1 if count >= 0 else -1
    span = dt.timedelta(days=abs(count) * 3 + 30)
    window = (start - span, start) if step < 0 else (start, start + span)
    exceptions = _exceptions(*window)
    day, left = start, abs(count)
    while left:
        day += dt.timedelta(days=step)
        if is_working_day(day, exceptions):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if is_working_day(start + dt.timedelta(days=n), exceptions)
    )


def next_working_days(after: dt.date, count: int) -> list[dt.date]:
    """The `count` working days after `after` (one calendar query)."""
    last = after + dt.timedelta(days=count * 3 + 30)
    exceptions = _exceptions(after, last)
    days = (after + dt.timedelta(days=n) for n in range(1, (last - after).days + 1))
    return [day for day in days if is_working_day(day, exceptions)][:count]
