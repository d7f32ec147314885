"""NĐ 154 art. 23.1 through the API: the final check counts only when done on the day no later than one hour
before the start (06:30 for 08:00 counts, 07:50 does not)."""

import pytest
from rest_framework.test import APIClient

from addons.tiepdan_bridge.services.checks import answer_item
from addons.tiepdan_case.tests.factories import make_user

from .common import entered_on_time, local, passing_check, site

pytestmark = pytest.mark.django_db
START = "2026-11-23T08:00:00+07:00"


def readiness(user):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/v1/site-checks/readiness/", {"sites": str(site().pk), "start": START}).json()


def full(at, kind):
    check = passing_check(make_user("so_khcn"), at, kind=kind)
    answer_item(make_user("dien_luc"), check, "power", True)
    answer_item(make_user("cong_an"), check, "security", True)
    entered_on_time(check)


def test_a_final_check_at_0750_for_0800_is_too_late_and_one_at_0630_counts():
    full(local(2026, 11, 19, 9), "chay_thu")
    full(local(2026, 11, 23, 7, 50), "truoc_gio")
    board = make_user("ban_tcd")
    body = readiness(board)
    assert (body["ready"], body["can_start"]) == (True, False)
    assert not any(i["final_check_ok"] for i in body["items"])
    full(local(2026, 11, 23, 6, 30), "truoc_gio")
    body = readiness(board)
    assert body["can_start"] is True
    assert {i["final_check_at"] for i in body["items"]} == {"2026-11-23T06:30:00+07:00"}
