"""Refusal (Luật TCD art. 9; NĐ 154 art. 4): the ground fits the case type; a refusal that needs the
written notice (Mẫu 01/TCD) is due within 3 working days and shows due/overdue until it is recorded."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import AuditEvent, CalendarDay, Case
from addons.tiepdan_case.services import case_workflow, refusals
from addons.tiepdan_case.services.calendar import is_working_day, working_days_between
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed

from .admin_helpers import change, staff_user
from .api_support import API, assert_error, client_for, post_json
from .factories import CaseFactory, make_user

pytestmark = pytest.mark.django_db


def _reject(user, case, ground):
    return case_workflow.perform(
        user, case.pk, "reject", note="Đã trả lời bằng văn bản", refusal_ground=ground
    )


@pytest.mark.parametrize("case_type", ["kien_nghi", "phan_anh"])
def test_article_9_3_is_refused_for_a_recommendation_or_report_with_the_rule_named(board_user, case_type):
    case = CaseFactory(state="submitted", case_type=case_type)
    with pytest.raises(Invalid) as exc:
        _reject(board_user, case, "luat_9_3")
    assert "khoản 3 Điều 9 Luật Tiếp công dân" in exc.value.fields["refusal_ground"][0]
    assert "điểm h khoản 1 Điều 4" in exc.value.fields["refusal_ground"][0]
    assert Case.objects.get(pk=case.pk).state == "submitted"


@pytest.mark.parametrize("case_type", ["khieu_nai", "to_cao"])
def test_article_4_1h_is_refused_for_a_complaint_or_denunciation_with_the_rule_named(board_user, case_type):
    case = CaseFactory(state="submitted", case_type=case_type)
    with pytest.raises(Invalid) as exc:
        _reject(board_user, case, "nd154_4_1h")
    assert "điểm h khoản 1 Điều 4" in exc.value.fields["refusal_ground"][0]
    assert Case.objects.get(pk=case.pk).state == "submitted"


def test_the_fitting_grounds_are_accepted_and_other_grounds_fit_every_type(board_user):
    assert _reject(board_user, CaseFactory(state="submitted"), "luat_9_3").state == "rejected"
    assert _reject(
        board_user, CaseFactory(state="submitted", case_type="kien_nghi"), "nd154_4_1h"
    ).refusal_ground
    assert _reject(board_user, CaseFactory(state="submitted", case_type="phan_anh"), "nd154_4_1k").state == (
        "rejected"
    )


def test_the_notice_is_due_three_working_days_after_the_refusal_on_the_calendar(board_user):
    today = timezone.localdate()
    # A holiday inside the window moves the due date by one working day.
    holiday = today + dt.timedelta(days=1)
    CalendarDay.objects.update_or_create(date=holiday, defaults={"kind": "holiday", "name": "Nghỉ"})
    case = _reject(board_user, CaseFactory(state="submitted"), "luat_9_3")
    assert working_days_between(today, case.refusal_notice_due) == 3
    assert is_working_day(case.refusal_notice_due)
    assert case.refusal_notice_due > holiday
    assert refusals.notice_status(case) == "due"


def test_a_ground_without_a_written_notice_has_no_due_date(board_user):
    case = _reject(board_user, CaseFactory(state="submitted"), "nd154_4_1k")
    assert case.refusal_notice_due is None and refusals.notice_status(case) == ""


def test_the_notice_is_overdue_until_its_number_and_date_are_recorded(board_user):
    case = CaseFactory(state="rejected", refusal_ground="luat_9_3", refusal_notice_due=dt.date(2026, 11, 5))
    assert refusals.is_notice_overdue(case, today=dt.date(2026, 11, 6))
    assert not refusals.is_notice_overdue(case, today=dt.date(2026, 11, 5))
    recorded = refusals.record_refusal_notice(board_user, case.pk, "12/TB-TCD", dt.date(2026, 11, 6))
    assert (recorded.refusal_notice_number, recorded.refusal_notice_date) == (
        "12/TB-TCD",
        dt.date(2026, 11, 6),
    )
    assert refusals.notice_status(recorded, today=dt.date(2026, 12, 1)) == "recorded"
    assert AuditEvent.objects.filter(object_id=case.pk, action="refusal_notice").exists()


def test_recording_a_notice_needs_number_and_date_and_a_refusal_that_needs_one(board_user):
    case = CaseFactory(state="rejected", refusal_ground="luat_9_3", refusal_notice_due=dt.date(2026, 11, 5))
    with pytest.raises(Invalid) as exc:
        refusals.record_refusal_notice(board_user, case.pk, " ", None)
    assert set(exc.value.fields) == {"refusal_notice_number", "refusal_notice_date"}
    with pytest.raises(NotAllowed):  # the inspectorate reads the case but receives nobody
        refusals.record_refusal_notice(make_user("thanh_tra"), case.pk, "1/TB", dt.date(2026, 11, 6))
    other = CaseFactory(state="rejected", refusal_ground="nd154_4_1k")
    with pytest.raises(Conflict):
        refusals.record_refusal_notice(board_user, other.pk, "1/TB", dt.date(2026, 11, 6))


def test_the_api_refuses_a_mismatched_ground_and_records_the_notice(board_user):
    case = CaseFactory(state="submitted", case_type="kien_nghi")
    url = f"{API}/cases/{case.pk}/"
    body = assert_error(
        post_json(
            client_for(board_user),
            url + "transition/",
            {"action": "reject", "note": "x", "refusal_ground": "luat_9_3"},
        ),
        400,
    )
    assert "khoản 3 Điều 9" in body["fields"]["refusal_ground"][0]
    response = post_json(
        client_for(board_user),
        url + "transition/",
        {"action": "reject", "note": "x", "refusal_ground": "nd154_4_1h"},
    )
    assert response.json()["refusal_notice_status"] == "due" and response.json()["refusal_notice_due"]
    assert_error(
        post_json(client_for(board_user), url + "refusal-notice/", {"number": "", "issued_on": ""}), 400
    )
    today = timezone.localdate().isoformat()
    response = post_json(
        client_for(board_user), url + "refusal-notice/", {"number": "7/TB-UBND", "issued_on": today}
    )
    assert response.status_code == 200, response.content
    assert response.json()["refusal_notice_status"] == "recorded"
    assert response.json()["refusal_notice_number"] == "7/TB-UBND"


def test_the_case_page_shows_the_notice_overdue_and_records_it(client):
    case = CaseFactory(state="rejected", refusal_ground="luat_9_3", refusal_notice_due=dt.date(2026, 11, 5))
    client.force_login(staff_user("ban_tcd"))
    html = client.get(change("case", case.pk)).content.decode()
    assert "quá hạn" in html and 'id="refusal-notice"' in html
    url = f"/tiepdan_case/case/{case.pk}/thong-bao-tu-choi/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "3/TB-TCD", "issued_on": "06/11/2026"})
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert (case.refusal_notice_number, case.refusal_notice_date) == ("3/TB-TCD", dt.date(2026, 11, 6))
