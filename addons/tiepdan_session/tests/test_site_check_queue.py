"""The home work queue of those who answer site checks (so_khcn, dien_luc, cong_an, a commune for its own
site): per coming session, the sites where one of their items is not ready, linking to those sites only."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from .common import accepted_case, announced_session, people, record_checks

pytestmark = pytest.mark.django_db
TITLE = "Điểm cầu chờ bạn kiểm tra — phiên "


@pytest.fixture
def session(db):
    return announced_session(people(), cases=[accepted_case(MY_THO), accepted_case(DAO_THANH)])


def line(client, user):
    client.force_login(user)
    html = client.get(reverse("admin:index")).content.decode()
    found = re.findall(
        r'data-queue-line="(' + TITLE + r'[^"]+)">\s*<a href="([^"]+)".*?data-count>(\d+)</span>', html, re.S
    )
    return [(title, url.replace("&amp;", "&"), int(count)) for title, url, count in found]


def sites_behind(client, url) -> set[str]:
    page = client.get(url)
    assert page.status_code == 200
    return set(re.findall(r'<tr data-site="([^"]+)"', page.content.decode()))


def test_the_technical_department_sees_the_sites_of_the_coming_session_not_yet_checked(client, session):
    khcn = staff_user("so_khcn")
    [(title, url, count)] = line(client, khcn)
    assert session.code in title and count == 3
    assert sites_behind(client, url) == {"TINH-TTHN", "XA-28261", "XA-28249"}
    day = add_working_days(session.date, -1)
    record_checks(
        [BridgeSite.objects.get(code="XA-28261")], timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    )
    [(title, url, count)] = line(client, khcn)
    assert count == 2 and sites_behind(client, url) == {"TINH-TTHN", "XA-28249"}
    everything = client.get(url.split("?")[0]).content.decode()
    assert 'data-site="XA-28261"' in everything  # the page without the filter still shows every site


def test_a_commune_sees_only_its_own_site_waiting(client, session):
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    [(_title, url, count)] = line(client, clerk)
    assert count == 1 and sites_behind(client, url) == {"XA-28261"}


def test_roles_that_answer_no_check_item_get_no_such_line(client, session):
    assert line(client, staff_user("thanh_tra")) == []
    assert line(client, staff_user("ban_tcd")) == []


def test_the_line_costs_the_same_queries_whatever_the_checks(client, session):
    user = staff_user("dien_luc")
    client.force_login(user)
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("admin:index"))
    day = add_working_days(session.date, -1)
    record_checks(
        list(BridgeSite.objects.filter(code__in=["XA-28261", "XA-28249"])),
        timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
    )
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("admin:index"))
    assert len(after) == len(before)
    assert line(client, user)[0][2] == 1
