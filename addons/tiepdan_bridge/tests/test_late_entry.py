"""Backdating (NĐ 154 art. 23.1, issue 7): a check whose time is more than 2 hours before it was entered is
kept, marked "late entry" on every screen, and counts for readiness only once a vp_ubnd user confirms it
with a reason (history row)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_bridge.services import checks as check_service
from addons.tiepdan_bridge.services import readiness as R
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.services.errors import Invalid, NotAllowed
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import make_user

from .common import entered_on_time, passing_check, site

pytestmark = pytest.mark.django_db


def same_day_pair(hours_back: float):
    """(check time, start): the check `hours_back` hours ago, the start 90 minutes after it, same local day."""
    for extra in range(0, 24, 3):
        at = timezone.localtime(timezone.now() - dt.timedelta(hours=hours_back + extra)).replace(
            microsecond=0
        )
        start = at + dt.timedelta(minutes=90)
        if timezone.localtime(start).date() == at.date():
            return at, start
    raise AssertionError("no same-day pair")


def final(result, item="network"):
    return result.items[(site().pk, item)]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_final_check_entered_three_hours_after_its_time_is_kept_but_does_not_count():
    at, start = same_day_pair(3)
    check = passing_check(make_user("so_khcn"), at, kind="truoc_gio", on_time=False)
    assert check_service.late_status(check) == "late"
    entry = final(R.readiness([site()], start))
    assert not entry.final_check_ok
    assert [r.site_check_id for r in entry.late_entries] == [check.pk]


def test_an_entry_less_than_two_hours_late_counts():
    # Yesterday morning, entered 1 h 54 min after its time: whatever the hour the test runs at, the check,
    # the start and the entry stay on one local day (a check 1.9 h before a run just after midnight would not).
    at = (timezone.localtime() - dt.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    start = at + dt.timedelta(minutes=90)
    check = entered_on_time(passing_check(make_user("so_khcn"), at, kind="truoc_gio"), minutes=114)
    assert check_service.late_status(check) == ""
    assert final(R.readiness([site()], start)).final_check_ok


def test_the_provincial_office_confirms_a_late_entry_with_a_reason_and_it_counts():
    at, start = same_day_pair(3)
    check = passing_check(make_user("so_khcn"), at, kind="truoc_gio", on_time=False)
    office = make_user("vp_ubnd")
    with pytest.raises(Invalid, match="23.1"):
        check_service.confirm_late_entry(office, check, "  ")
    for role in ("ban_tcd", "quan_tri", "so_khcn"):
        with pytest.raises(NotAllowed, match="23.1"):
            check_service.confirm_late_entry(make_user(role), check, "Mất mạng, nhập lại sau")
    check_service.confirm_late_entry(
        office, check, "Biên bản kiểm tra lúc đó có chữ ký, nhập lại sau khi có mạng"
    )
    check.refresh_from_db()
    assert check_service.late_status(check) == "confirmed"
    assert final(R.readiness([site()], start)).final_check_ok
    (event,) = [e for e in history_of(check) if e.action == "confirm_late_entry"]
    assert (event.actor, event.note) == (
        office,
        "Biên bản kiểm tra lúc đó có chữ ký, nhập lại sau khi có mạng",
    )
    with pytest.raises(Invalid):
        check_service.confirm_late_entry(office, check, "lần nữa")


def test_an_answer_entered_after_the_confirmation_is_late_again_until_confirmed_again():
    at, start = same_day_pair(3)
    check = passing_check(make_user("so_khcn"), at, kind="truoc_gio", on_time=False)
    check_service.confirm_late_entry(make_user("vp_ubnd"), check, "Xác nhận")
    check_service.answer_item(make_user("dien_luc"), check, "power", True)
    check.refresh_from_db()
    assert check_service.late_status(check) == "late"
    result = R.readiness([site()], start)
    assert final(result).final_check_ok and not final(result, "power").final_check_ok


def test_a_check_entered_on_time_has_nothing_to_confirm():
    check = passing_check(make_user("so_khcn"), timezone.now() - dt.timedelta(minutes=10), on_time=False)
    with pytest.raises(Invalid):
        check_service.confirm_late_entry(make_user("vp_ubnd"), check, "Không cần")


def test_a_late_test_run_does_not_count_until_confirmed():
    at = timezone.localtime(timezone.now() - dt.timedelta(hours=3)).replace(microsecond=0)
    start_day = add_working_days(at.date(), 1)
    start = timezone.make_aware(dt.datetime.combine(start_day, dt.time(8, 0)))
    check = passing_check(make_user("so_khcn"), at, on_time=False)
    assert not final(R.readiness([site()], start)).test_run_ok
    check_service.confirm_late_entry(make_user("vp_ubnd"), check, "Xác nhận chạy thử")
    assert final(R.readiness([site()], start)).test_run_ok


def test_the_api_marks_the_late_entry_and_the_office_confirms_it():
    at, _start = same_day_pair(3)
    check = passing_check(make_user("so_khcn"), at, kind="truoc_gio", on_time=False)
    body = api(make_user("ban_tcd")).get(f"/api/v1/site-checks/{check.pk}/").json()
    assert body["late_entry"] == "late"
    assert all(i["late_entry"] for i in body["items"])
    refused = api(make_user("ban_tcd")).post(
        f"/api/v1/site-checks/{check.pk}/confirm-late-entry/", {"reason": "x"}, format="json"
    )
    assert refused.status_code == 403 and "23.1" in refused.json()["detail"]
    empty = api(make_user("vp_ubnd")).post(
        f"/api/v1/site-checks/{check.pk}/confirm-late-entry/", {"reason": ""}, format="json"
    )
    assert empty.status_code == 400
    ok = api(make_user("vp_ubnd")).post(
        f"/api/v1/site-checks/{check.pk}/confirm-late-entry/", {"reason": "Có biên bản"}, format="json"
    )
    assert ok.status_code == 200, ok.json()
    assert (ok.json()["late_entry"], ok.json()["late_confirm_reason"]) == ("confirmed", "Có biên bản")


def test_the_admin_list_and_page_mark_the_late_entry_and_the_office_confirms_it_there(client):
    at, _start = same_day_pair(3)
    check = passing_check(make_user("so_khcn"), at, kind="truoc_gio", on_time=False)
    client.force_login(staff_user("ban_tcd"))
    listing = client.get(reverse("admin:tiepdan_bridge_sitecheck_changelist")).content.decode()
    assert "Nhập muộn" in listing
    office = staff_user("vp_ubnd")
    client.force_login(office)
    url = reverse("admin:tiepdan_bridge_sitecheck_confirm_late", args=[check.pk])
    page = client.get(reverse("admin:tiepdan_bridge_sitecheck_change", args=[check.pk])).content.decode()
    assert "Nhập muộn" in page and url in page
    assert client.post(url, {"reason": ""}).status_code == 200  # the form again, with the message
    response = client.post(url, {"reason": "Có biên bản giấy"})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.late_confirmed_by == office
    client.force_login(staff_user("ban_tcd"))
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_the_board_marks_a_late_entry_in_its_cell(client):
    at, start = same_day_pair(3)
    passing_check(make_user("so_khcn"), at, kind="truoc_gio", items=("network",), on_time=False)
    client.force_login(staff_user("ban_tcd"))
    page = client.get(
        reverse("tiepdan_bridge:board"), {"start": timezone.localtime(start).isoformat(), "q": site().code}
    ).content.decode()
    assert "nhập muộn" in page.lower()
