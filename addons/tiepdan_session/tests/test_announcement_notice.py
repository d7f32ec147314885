"""NĐ 154 art. 23.1: announced no later than 5 working days before the session (holidays skipped)."""

import datetime as dt

import pytest

from addons.tiepdan_case.models import CalendarDay

from ..services import rules
from .common import approved_session, local, people, transition, working_day

pytestmark = pytest.mark.django_db


def test_a_session_five_working_days_ahead_may_be_announced(client):
    p = people()
    session = approved_session(p, day=working_day(5))
    client.force_login(p["board"])
    assert transition(client, session, "announce").status_code == 200


def test_a_session_four_working_days_ahead_may_not_be_announced(client):
    p = people()
    session = approved_session(p, day=working_day(4))
    client.force_login(p["board"])
    response = transition(client, session, "announce")
    assert response.status_code == 409
    assert "05 ngày làm việc" in response.json()["detail"]


def test_a_holiday_in_the_notice_period_does_not_count(client):
    p = people()
    day = working_day(5)
    holiday = working_day(2)
    session = approved_session(p, day=day)
    CalendarDay.objects.create(date=holiday, kind="holiday", name="Ngày nghỉ thử")
    client.force_login(p["board"])
    response = transition(client, session, "announce")
    assert response.status_code == 409


def test_the_notice_deadline_counts_back_over_a_weekend():
    monday = dt.date(2026, 12, 14)
    assert rules.notice_deadline(monday) == dt.date(2026, 12, 7)
    assert rules.notice_problems(local(monday), today=dt.date(2026, 12, 7)) == []
    assert rules.notice_problems(local(monday), today=dt.date(2026, 12, 8))


def test_the_notice_deadline_skips_the_lunar_new_year_holidays():
    # Tết 2027: 05/02 and 08/02–11/02 are days off; a session on Monday 15/02 is announced by Monday 01/02.
    assert rules.notice_deadline(dt.date(2027, 2, 15)) == dt.date(2027, 2, 1)
