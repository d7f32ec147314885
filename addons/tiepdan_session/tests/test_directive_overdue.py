"""Overdue directives on the working-day calendar: `overdue` once the deadline has passed while it is the
agency's turn, late days counted in working days (weekends and holidays do not count); the lists per
agency for ban_tcd, lanh_dao and the chair (page and API)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.models import CalendarDay
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import make_user

from ..models import Directive
from ..services import directives
from .directive_common import api, issued_directive, report_done

pytestmark = pytest.mark.django_db


def _due(directive, day):
    Directive.objects.filter(pk=directive.pk).update(deadline=day)
    directive.refresh_from_db()
    return directive


def _last_working_day_before(day, holidays=()):
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5 or day in holidays:
        day -= dt.timedelta(days=1)
    return day


def test_a_directive_past_its_deadline_is_overdue_in_working_days_without_the_holidays(client):
    today = timezone.localdate()
    directive = issued_directive()
    # the deadline was six calendar days ago; two of the days after it are holidays
    deadline = today - dt.timedelta(days=6)
    holidays = [deadline + dt.timedelta(days=1), deadline + dt.timedelta(days=2)]
    for day in holidays:
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": "holiday", "name": "Nghỉ bù thử"})
    _due(directive, deadline)
    expected = sum(
        1
        for n in range(1, 7)
        if (deadline + dt.timedelta(days=n)).weekday() < 5 and deadline + dt.timedelta(days=n) not in holidays
    )
    body = api(client, make_user("ban_tcd")).get(f"/api/v1/directives/{directive.pk}/").json()
    assert body["overdue"] is True
    assert body["working_days_late"] == expected


def test_a_directive_due_today_is_not_yet_overdue(client):
    directive = _due(issued_directive(), timezone.localdate())
    body = api(client, make_user("ban_tcd")).get(f"/api/v1/directives/{directive.pk}/").json()
    assert body["overdue"] is False and body["working_days_late"] == 0


def test_a_reported_directive_is_not_overdue_for_the_agency(client):
    directive = issued_directive()
    assert report_done(api(client, make_user("so_nganh")), directive).status_code == 200
    _due(directive, timezone.localdate() - dt.timedelta(days=10))
    assert not directives.is_overdue(directive)


def test_the_overdue_filter_of_the_api(client):
    late = _due(issued_directive(), timezone.localdate() - dt.timedelta(days=3))
    on_time = issued_directive()
    rows = api(client, make_user("ban_tcd")).get("/api/v1/directives/?overdue=true").json()["results"]
    ids = [r["id"] for r in rows]
    assert late.pk in ids and on_time.pk not in ids


def test_the_overdue_list_groups_per_lead_agency_for_the_board_leaders_and_chair(client):
    today = timezone.localdate()
    a = _due(issued_directive(), today - dt.timedelta(days=8))
    b = _due(issued_directive(), today - dt.timedelta(days=4))
    c = _due(issued_directive(lead="so-xay-dung"), today - dt.timedelta(days=4))
    for role in ("ban_tcd", "lanh_dao", "chu_tich"):
        client.force_login(make_user(role))
        groups = client.get("/api/v1/directives/overdue/").json()
        assert [(g["lead"], g["count"]) for g in groups] == [
            ("Sở Nông nghiệp và Môi trường", 2),
            ("Sở Xây dựng", 1),
        ]
        assert [d["id"] for d in groups[0]["directives"]] == [a.pk, b.pk]
        assert groups[1]["directives"][0]["id"] == c.pk
        page = client.get(reverse("tiepdan_session:directives_overdue"))
        assert page.status_code == 200
        assert page.content.decode().count("overdue-row") == 3


@pytest.mark.parametrize("role", ["so_nganh", "thanh_tra", "ubnd_xa", "quan_tri"])
def test_other_roles_do_not_read_the_overdue_lists(client, role):
    client.force_login(staff_user(role))
    assert client.get("/api/v1/directives/overdue/").status_code == 403
    assert client.get(reverse("tiepdan_session:directives_overdue")).status_code == 403


def test_the_lists_count_working_days_late_on_the_calendar(client):
    today = timezone.localdate()
    previous = _last_working_day_before(today)
    directive = _due(issued_directive(), previous)
    groups = api(client, make_user("ban_tcd")).get("/api/v1/directives/overdue/").json()
    assert groups[0]["directives"][0]["id"] == directive.pk
    assert groups[0]["directives"][0]["working_days_late"] == (1 if today.weekday() < 5 else 0)


def test_the_lists_cost_the_same_number_of_queries_for_two_overdue_directives_and_six(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    for n in range(2):
        _due(issued_directive(), today - dt.timedelta(days=3 + n))
    client.force_login(staff_user("ban_tcd"))
    urls = ["/api/v1/directives/", reverse("admin:tiepdan_session_directive_changelist")]
    few = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        few[url] = len(ctx.captured_queries)
    for n in range(4):
        _due(issued_directive(), today - dt.timedelta(days=7 + n))
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert len(ctx.captured_queries) <= few[url], url
