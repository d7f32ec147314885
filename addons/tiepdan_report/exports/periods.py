"""Reporting periods of Thông tư 01/2024/TT-TTCP: Quý I–IV, 6 tháng, 9 tháng, năm, with the data cut-off
as a setting (`STATISTICS_CUTOFF_DAY`, default 15: a period runs from the 15th of the last month of the
previous period to the 14th of its own last month; 1 gives calendar periods)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

PERIODS = {
    "q1": ("Quý I", 1, 3),
    "q2": ("Quý II", 4, 6),
    "q3": ("Quý III", 7, 9),
    "q4": ("Quý IV", 10, 12),
    "6m": ("6 tháng đầu năm", 1, 6),
    "9m": ("9 tháng", 1, 9),
    "year": ("Năm", 1, 12),
}


@dataclass(frozen=True)
class Period:
    code: str
    year: int
    start: dt.date
    end: dt.date  # inclusive

    @property
    def label(self) -> str:
        name = PERIODS[self.code][0]
        return f"{name} năm {self.year}" if self.code != "year" else f"Năm {self.year}"

    @property
    def span(self) -> str:
        return f"Số liệu từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def period(code: str, year: int, cutoff_day: int | None = None) -> Period:
    if code not in PERIODS:
        raise ValueError(code)
    cutoff = cutoff_day or settings.STATISTICS_CUTOFF_DAY
    _name, first, last = PERIODS[code]
    if cutoff == 1:
        start = dt.date(year, first, 1)
        next_year, next_month = (year + 1, 1) if last == 12 else (year, last + 1)
        end = dt.date(next_year, next_month, 1) - dt.timedelta(days=1)
    else:
        start_year, start_month = _month_before(year, first)
        start = dt.date(start_year, start_month, cutoff)
        end = dt.date(year, last, cutoff) - dt.timedelta(days=1)
    return Period(code, year, start, end)
