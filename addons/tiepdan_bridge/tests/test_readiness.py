"""The readiness service: test run ≥ 1 working day before (working-day calendar), final check in the hour."""

import datetime as dt

import pytest

from addons.tiepdan_bridge.services import readiness as R
from addons.tiepdan_case.models import CalendarDay
from addons.tiepdan_case.tests.factories import make_user

from .common import entered_on_time, local, passing_check, site

pytestmark = pytest.mark.django_db
ALL = ("network", "audio_video", "recording", "power", "security")
MONDAY_START = local(2026, 11, 23, 8, 0)  # a Monday: the working day before is Friday 20/11


@pytest.fixture
def khcn(db):
    return make_user("so_khcn")


@pytest.fixture
def everyone(db):
    return {
        "so_khcn": make_user("so_khcn"),
        "dien_luc": make_user("dien_luc"),
        "cong_an": make_user("cong_an"),
    }


def full_check(everyone, at, kind="chay_thu", where=None):
    where = where or site()
    check = passing_check(everyone["so_khcn"], at, kind=kind, where=where)
    from addons.tiepdan_bridge.services.checks import answer_item

    answer_item(everyone["dien_luc"], check, "power", True)
    answer_item(everyone["cong_an"], check, "security", True)
    return entered_on_time(check)


def test_a_test_run_on_the_friday_before_a_monday_start_counts(khcn):
    passing_check(khcn, local(2026, 11, 20, 15))
    result = R.readiness([site()], MONDAY_START)
    assert result.test_run_deadline == dt.date(2026, 11, 20)
    ok = {item for (_s, item), r in result.items.items() if r.test_run_ok}
    assert ok == {"network", "audio_video", "recording"}
    assert not result.ready
    assert {m["item"] for m in result.missing() if "test_run" in m["missing"]} == {"power", "security"}


def test_a_test_run_on_the_weekend_before_a_monday_start_is_too_late(khcn):
    passing_check(khcn, local(2026, 11, 21, 9))
    result = R.readiness([site()], MONDAY_START)
    assert not result.items[(site().pk, "network")].test_run_ok


def test_a_test_run_late_on_the_last_working_day_still_counts_in_local_time(khcn):
    passing_check(khcn, local(2026, 11, 20, 23, 50))
    assert R.readiness([site()], MONDAY_START).items[(site().pk, "network")].test_run_ok


def test_holidays_move_the_deadline_back(khcn):
    # Thursday 03/09/2026 after the National Day holidays (01–02/09): the deadline is Monday 31/08.
    start = local(2026, 9, 3, 8)
    passing_check(khcn, local(2026, 9, 1, 10))  # on the holiday: after the deadline
    result = R.readiness([site()], start)
    assert result.test_run_deadline == dt.date(2026, 8, 31)
    assert not result.items[(site().pk, "network")].test_run_ok
    passing_check(khcn, local(2026, 8, 31, 16))
    entry = R.readiness([site()], start).items[(site().pk, "network")]
    assert entry.test_run_ok and entry.test_run.site_check.at == local(2026, 8, 31, 16)


def test_a_holiday_added_by_the_administrators_is_used(khcn):
    CalendarDay.objects.create(date=dt.date(2026, 11, 20), kind="holiday", name="Nghỉ bù")
    passing_check(khcn, local(2026, 11, 20, 10))
    result = R.readiness([site()], MONDAY_START)
    assert result.test_run_deadline == dt.date(2026, 11, 19)
    assert not result.items[(site().pk, "network")].test_run_ok


def test_a_later_failing_test_run_undoes_an_earlier_pass(khcn):
    passing_check(khcn, local(2026, 11, 18, 10))
    passing_check(khcn, local(2026, 11, 19, 10), items=("network",), passed=False)
    result = R.readiness([site()], MONDAY_START)
    assert not result.items[(site().pk, "network")].test_run_ok
    assert result.items[(site().pk, "audio_video")].test_run_ok


def test_the_final_check_must_be_done_on_the_day_no_later_than_one_hour_before_the_start(everyone):
    # NĐ 154 art. 23.1: "chậm nhất 01 giờ trước khi diễn ra" — 07:50 for an 08:00 start is too late.
    full_check(everyone, local(2026, 11, 19, 9))
    full_check(everyone, local(2026, 11, 22, 16, 0), kind="truoc_gio")  # the day before: not the session day
    full_check(everyone, local(2026, 11, 23, 7, 50), kind="truoc_gio")  # too late
    result = R.readiness([site()], MONDAY_START)
    assert result.ready and not result.can_start
    assert result.final_window == (local(2026, 11, 23, 0, 0), local(2026, 11, 23, 7, 0))
    full_check(everyone, local(2026, 11, 23, 6, 30), kind="truoc_gio")  # counts
    assert R.readiness([site()], MONDAY_START).can_start


def test_a_final_check_exactly_one_hour_before_counts_and_one_minute_later_does_not(everyone):
    full_check(everyone, local(2026, 11, 19, 9))
    full_check(everyone, local(2026, 11, 23, 7, 1), kind="truoc_gio")
    assert not R.readiness([site()], MONDAY_START).can_start
    full_check(everyone, local(2026, 11, 23, 7, 0), kind="truoc_gio")
    assert R.readiness([site()], MONDAY_START).can_start


def test_a_failing_check_after_the_final_check_undoes_it_up_to_the_start(everyone, khcn):
    full_check(everyone, local(2026, 11, 19, 9))
    full_check(everyone, local(2026, 11, 23, 6, 30), kind="truoc_gio")
    passing_check(khcn, local(2026, 11, 23, 7, 30), kind="truoc_gio", items=("network",), passed=False)
    passing_check(khcn, local(2026, 11, 23, 7, 45), kind="truoc_gio", items=("network",))  # too late to mend
    result = R.readiness([site()], MONDAY_START)
    network = result.items[(site().pk, "network")]
    assert not network.final_check_ok and network.failed_after.site_check.at == local(2026, 11, 23, 7, 30)
    assert result.items[(site().pk, "power")].final_check_ok
    assert not result.can_start


def test_a_failing_then_passing_final_check_before_the_deadline_counts(everyone, khcn):
    full_check(everyone, local(2026, 11, 19, 9))
    passing_check(khcn, local(2026, 11, 23, 6, 0), kind="truoc_gio", items=("network",), passed=False)
    full_check(everyone, local(2026, 11, 23, 6, 40), kind="truoc_gio")
    assert R.readiness([site()], MONDAY_START).can_start


def test_a_final_check_after_the_start_does_not_count(everyone):
    full_check(everyone, local(2026, 11, 19, 9))
    full_check(everyone, local(2026, 11, 23, 8, 1), kind="truoc_gio")
    assert not R.readiness([site()], MONDAY_START).can_start


def test_every_site_must_be_ready(everyone):
    full_check(everyone, local(2026, 11, 19, 9))
    other = site("TINH-TTHN")
    result = R.readiness([site(), other], MONDAY_START)
    assert not result.ready
    assert {m["site"] for m in result.missing()} == {other.pk, site().pk}  # no final checks anywhere
    assert all(m["missing"] == ["test_run", "final_check"] for m in result.missing() if m["site"] == other.pk)


def cell(rows, item):
    return next(c["colour"] for c in rows[0]["cells"] if c["item"] == item)


def test_board_colours_green_amber_red(khcn):
    before = local(2026, 11, 21, 12)  # the board looked at on Saturday for Monday
    rows = R.board([site()], MONDAY_START, now=before)
    assert {c["colour"] for c in rows[0]["cells"]} == {"red"}
    passing_check(khcn, local(2026, 11, 20, 10), items=("network",))
    passing_check(khcn, local(2026, 11, 21, 10), items=("audio_video",))  # on Saturday: too late
    passing_check(khcn, local(2026, 11, 20, 10), items=("recording",), passed=False)
    rows = R.board([site()], MONDAY_START, now=before)
    assert cell(rows, "network") == "green"
    assert cell(rows, "audio_video") == "amber"
    assert cell(rows, "recording") == "red"
    assert cell(rows, "power") == "red"
    assert rows[0]["colour"] == "red"


def test_board_is_amber_on_the_day_until_the_final_check_and_red_once_start_minus_one_hour_passed(khcn):
    passing_check(khcn, local(2026, 11, 20, 10), items=("network",))
    early = local(2026, 11, 23, 6, 0)
    assert cell(R.board([site()], MONDAY_START, now=early), "network") == "amber"
    assert cell(R.board([site()], MONDAY_START, now=local(2026, 11, 23, 7, 5)), "network") == "red"
    passing_check(khcn, local(2026, 11, 23, 6, 20), kind="truoc_gio", items=("network",))
    assert cell(R.board([site()], MONDAY_START, now=early), "network") == "green"
    assert cell(R.board([site()], MONDAY_START, now=local(2026, 11, 23, 7, 30)), "network") == "green"
    passing_check(khcn, local(2026, 11, 23, 7, 25), kind="truoc_gio", items=("network",), passed=False)
    assert cell(R.board([site()], MONDAY_START, now=local(2026, 11, 23, 7, 30)), "network") == "red"


def test_a_final_check_exactly_at_the_start_is_too_late(everyone):
    full_check(everyone, local(2026, 11, 19, 9))
    full_check(everyone, MONDAY_START, kind="truoc_gio")
    assert not R.readiness([site()], MONDAY_START).can_start


def test_a_test_run_older_than_the_notice_period_does_not_count(khcn):
    # Five working days before Monday 23/11 is Monday 16/11: a test run on Friday 13/11 is for another day.
    passing_check(khcn, local(2026, 11, 13, 10), items=("network",))
    passing_check(khcn, local(2026, 11, 16, 0, 5), items=("audio_video",))
    result = R.readiness([site()], MONDAY_START)
    assert not result.items[(site().pk, "network")].test_run_ok
    assert result.items[(site().pk, "audio_video")].test_run_ok


def test_the_session_module_may_count_test_runs_only_since_the_announcement(khcn):
    passing_check(khcn, local(2026, 11, 17, 10), items=("network",))
    announced = local(2026, 11, 18, 9)
    assert R.readiness([site()], MONDAY_START).items[(site().pk, "network")].test_run_ok
    assert not R.readiness([site()], MONDAY_START, since=announced).items[(site().pk, "network")].test_run_ok


def test_the_dates_are_vietnams_even_when_the_request_runs_in_utc(khcn):
    from django.utils import timezone

    passing_check(khcn, local(2026, 11, 20, 23, 50), items=("network",))  # Friday 16:50 UTC
    passing_check(khcn, local(2026, 11, 21, 0, 30), items=("audio_video",))  # Saturday in Vietnam
    start_utc = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)  # Monday 08:00 in Vietnam
    with timezone.override("UTC"):
        result = R.readiness([site()], start_utc)
    assert result.test_run_deadline == dt.date(2026, 11, 20)
    assert result.items[(site().pk, "network")].test_run_ok
    assert not result.items[(site().pk, "audio_video")].test_run_ok


def test_the_board_offers_the_next_working_days_skipping_weekends_and_holidays():
    from addons.tiepdan_bridge.views import coming_starts

    CalendarDay.objects.create(date=dt.date(2026, 11, 24), kind="holiday", name="Nghỉ")
    starts = coming_starts(dt.date(2026, 11, 20))  # a Friday
    assert [s.date() for s in starts] == [dt.date(2026, 11, d) for d in (23, 25, 26, 27, 30)]
    assert {(s.hour, s.minute) for s in starts} == {(8, 0)}
