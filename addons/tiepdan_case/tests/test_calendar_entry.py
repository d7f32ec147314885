"""Entering the working-day calendar: a day already there is refused by its date; odd entries are warned."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages

from addons.tiepdan_case.models import CalendarDay
from addons.tiepdan_case.tests.admin_helpers import add, staff_user

pytestmark = pytest.mark.django_db


def _post(client, day, kind="holiday", name="Ngày thử"):
    return client.post(add("calendarday"), {"date": day.strftime("%d/%m/%Y"), "kind": kind, "name": name})


def test_a_day_already_in_the_calendar_is_refused_with_its_date(client):
    client.force_login(staff_user("quan_tri"))
    day = dt.date(2031, 12, 13)
    CalendarDay.objects.create(date=day, kind="holiday", name="Có sẵn")
    response = _post(client, day)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == ["Ngày 13/12/2031 đã có trong lịch."]


def test_a_holiday_on_a_weekend_and_a_make_up_day_on_a_weekday_are_warned(client):
    client.force_login(staff_user("quan_tri"))
    saturday, tuesday = dt.date(2031, 6, 14), dt.date(2031, 6, 17)
    first = _post(client, saturday, "holiday")
    second = _post(client, tuesday, "working")
    messages = [str(m) for m in get_messages(first.wsgi_request)] + [
        str(m) for m in get_messages(second.wsgi_request)
    ]
    assert any("14/06/2031 là thứ Bảy hoặc Chủ nhật" in m for m in messages)
    assert any("17/06/2031 là ngày trong tuần" in m for m in messages)
    assert CalendarDay.objects.filter(date__in=[saturday, tuesday]).count() == 2
