"""The dates every parser of the project accepts, in one place (issue 6, "No 500").

Python's dates run from year 1 to 9999, but the project computes with them: working-day deadlines add
days, readiness looks a week back and an hour ahead, the case code carries the year, time zones move an
instant across midnight. A date at either end of Python's range overflows in that arithmetic (a 500), and
a date before 1900 is nothing a reception office ever writes. So every date or date-time that comes from
outside — API fields and query parameters, admin forms and filters — must lie between EARLIEST and
LATEST; the one year kept free at the top leaves room for deadlines and offsets up to ±24 hours.
"""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_datetime as _django_parse_datetime
from django.utils.translation import gettext as _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9998, 12, 31)


def in_bounds(value: dt.date | dt.datetime | None) -> bool:
    """True for None (nothing to check) and for a date or date-time within EARLIEST..LATEST."""
    if value is None:
        return True
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST <= day <= LATEST


def bounds_message() -> str:
    return _("Enter a date between 01/01/1900 and 31/12/9998.")


def parse_datetime(raw: str | None) -> dt.datetime | None:
    """An ISO 8601 date-time from a query string → an aware datetime within the bounds, or None when it
    is malformed, impossible (2026-13-45) or out of bounds. A "+" that a URL turned into a space is put
    back; a value without offset is read in the project's time zone."""
    if not raw:
        return None
    try:
        value = _django_parse_datetime(str(raw).strip().replace(" ", "+"))
    except (ValueError, OverflowError):  # well-formed but impossible, or an offset out of range
        return None
    if value is None or not in_bounds(value):
        return None
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # In the project's time zone: the instant must exist, and PostgreSQL takes no offset beyond
        # ±15:59 (ISO 8601 allows ±23:59).
        return timezone.localtime(value)
    except (ValueError, OverflowError):
        return None
