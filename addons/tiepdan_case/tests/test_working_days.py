"""Deadlines count working days: no weekends, no holidays (Tết), plus compensatory working Saturdays."""

import datetime as dt

import pytest

from addons.tiepdan_case.models import CalendarDay
from addons.tiepdan_case.services.calendar import add_working_days, is_working_day, working_days_between
from addons.tiepdan_case.services.cases import create_case, is_outcome_overdue, outcome_due
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, unit

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_weekday_is_a_working_day_and_a_weekend_is_not():
    assert is_working_day(D(2026, 11, 2))  # Monday
    assert not is_working_day(D(2026, 11, 7))  # Saturday
    assert not is_working_day(D(2026, 11, 8))  # Sunday


def test_adding_working_days_skips_the_weekend():
    assert add_working_days(D(2026, 11, 6), 1) == D(2026, 11, 9)  # Friday + 1 → Monday
    assert add_working_days(D(2026, 11, 7), 1) == D(2026, 11, 9)  # from a Saturday
    assert add_working_days(D(2026, 11, 2), 5) == D(2026, 11, 9)


def test_zero_working_days_is_the_same_day():
    assert add_working_days(D(2026, 11, 7), 0) == D(2026, 11, 7)


def test_tet_2026_is_not_counted():
    # Tết Bính Ngọ: the weekdays 16–20/02/2026 are holidays (seeded by the reference data).
    assert all(not is_working_day(D(2026, 2, day)) for day in range(16, 21))
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


def test_a_compensatory_working_saturday_is_counted():
    saturday = D(2026, 11, 7)
    CalendarDay.objects.create(date=saturday, kind="working", name="Làm bù")
    assert is_working_day(saturday)
    assert add_working_days(D(2026, 11, 6), 1) == saturday
    assert add_working_days(D(2026, 11, 6), 2) == D(2026, 11, 9)


def test_a_holiday_added_by_the_administrator_is_skipped():
    CalendarDay.objects.create(date=D(2026, 11, 9), kind="holiday", name="Nghỉ đột xuất")
    assert add_working_days(D(2026, 11, 6), 1) == D(2026, 11, 10)


def test_negative_counts_go_back_in_time():
    assert add_working_days(D(2026, 11, 9), -1) == D(2026, 11, 6)
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)  # back over Tết
    assert add_working_days(D(2026, 11, 16), -5) == D(2026, 11, 9)


def test_negative_counts_count_a_compensatory_saturday():
    CalendarDay.objects.create(date=D(2026, 11, 7), kind="working", name="Làm bù")
    assert add_working_days(D(2026, 11, 9), -1) == D(2026, 11, 7)


def test_a_long_span_over_tet_stays_right():
    # 30 working days from 02/02/2026: 5 weekdays of Tết are skipped.
    assert working_days_between(D(2026, 2, 2), add_working_days(D(2026, 2, 2), 30)) == 30
    assert add_working_days(D(2026, 2, 2), 30) == D(2026, 3, 23)


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(D(2026, 11, 6), D(2026, 11, 9)) == 1
    assert working_days_between(D(2026, 11, 9), D(2026, 11, 9)) == 0
    assert working_days_between(D(2026, 11, 9), D(2026, 11, 2)) == 0
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1


def test_the_outcome_is_due_ten_working_days_after_reception():
    assert outcome_due(D(2026, 11, 2)) == D(2026, 11, 16)
    assert outcome_due(D(2026, 2, 10)) == D(2026, 3, 3)  # Tết in between


def test_a_new_case_gets_its_outcome_deadline(commune_user, citizen_factory):
    case = create_case(
        commune_user,
        {
            "case_type": "kien_nghi",
            "title": "Kiến nghị sửa đường",
            "summary": "Đường liên ấp xuống cấp.",
            "unit": unit(MY_THO),
            "received_date": D(2026, 2, 10),
        },
        [(citizen_factory(), "nguoi_dung_don")],
    )
    assert case.outcome_due == D(2026, 3, 3)


def test_the_outcome_is_overdue_only_after_the_deadline_and_until_the_citizen_is_told():
    case = CaseFactory.build(outcome_due=D(2026, 11, 16), outcome_notified_on=None)
    assert not is_outcome_overdue(case, today=D(2026, 11, 16))
    assert is_outcome_overdue(case, today=D(2026, 11, 17))
    case.outcome_notified_on = D(2026, 11, 20)
    assert not is_outcome_overdue(case, today=D(2026, 11, 30))
    case.outcome_due = None
    assert not is_outcome_overdue(case, today=D(2026, 11, 30))


def test_the_next_working_days_skip_weekends_and_tet():
    from addons.tiepdan_case.services.calendar import next_working_days

    # Friday 13/02/2026, then the weekend and Tết (16–20/02): the next working days are 23–25/02.
    assert next_working_days(dt.date(2026, 2, 12), 4) == [
        dt.date(2026, 2, 13),
        dt.date(2026, 2, 23),
        dt.date(2026, 2, 24),
        dt.date(2026, 2, 25),
    ]
