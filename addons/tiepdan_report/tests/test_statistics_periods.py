"""Reporting periods of Thông tư 01/2024/TT-TTCP with the cut-off day as a setting."""

import datetime as dt

import pytest

from addons.tiepdan_report.exports.periods import period


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("q1", dt.date(2025, 12, 15), dt.date(2026, 3, 14)),
        ("q2", dt.date(2026, 3, 15), dt.date(2026, 6, 14)),
        ("q4", dt.date(2026, 9, 15), dt.date(2026, 12, 14)),
        ("6m", dt.date(2025, 12, 15), dt.date(2026, 6, 14)),
        ("9m", dt.date(2025, 12, 15), dt.date(2026, 9, 14)),
        ("year", dt.date(2025, 12, 15), dt.date(2026, 12, 14)),
    ],
)
def test_a_period_runs_from_the_cut_off_of_the_previous_one(settings, code, start, end):
    settings.STATISTICS_CUTOFF_DAY = 15
    chosen = period(code, 2026)
    assert (chosen.start, chosen.end) == (start, end)


def test_cut_off_day_one_gives_calendar_periods(settings):
    settings.STATISTICS_CUTOFF_DAY = 1
    assert (period("q1", 2026).start, period("q1", 2026).end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period("year", 2026).end == dt.date(2026, 12, 31)


def test_the_label_and_span_are_vietnamese(settings):
    settings.STATISTICS_CUTOFF_DAY = 15
    chosen = period("q1", 2026)
    assert chosen.label == "Quý I năm 2026"
    assert chosen.span == "Số liệu từ ngày 15/12/2025 đến ngày 14/03/2026"
