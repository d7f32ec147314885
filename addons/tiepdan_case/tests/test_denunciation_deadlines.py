"""A denunciation's statutory steps on the working-day calendar (Luật Tố cáo art. 24): initial processing
within 7 working days of receipt (10 with verification), forwarding within 5 when outside competence;
due/overdue on the case and filterable in the list, beside the 10-working-day answer."""

import datetime as dt

import pytest

from addons.tiepdan_case.models import CalendarDay
from addons.tiepdan_case.services import deadlines
from addons.tiepdan_case.services.calendar import working_days_between
from addons.tiepdan_case.services.cases import create_case, update_case

from .admin_helpers import changelist, staff_user
from .api_support import API, client_for, ids
from .factories import MY_THO, CitizenFactory, unit

pytestmark = pytest.mark.django_db
RECEIVED = dt.date(2026, 11, 2)  # a Monday


def _denunciation(actor, **data):
    base = {
        "case_type": "to_cao",
        "title": "Tố cáo cán bộ địa chính",
        "summary": "Tố cáo hành vi nhận tiền khi làm thủ tục.",
        "unit": unit(MY_THO),
        "received_date": RECEIVED,
    }
    return create_case(actor, base | data, [(CitizenFactory(), "nguoi_dung_don")])


def test_initial_processing_is_due_seven_working_days_after_receipt(board_user):
    case = _denunciation(board_user)
    assert case.processing_due == dt.date(2026, 11, 11)  # Mon 2 + 7 working days, weekend skipped
    assert case.forwarding_due is None  # within competence: nothing to forward


def test_verification_extends_initial_processing_to_ten_working_days(board_user):
    case = _denunciation(board_user, needs_verification=True)
    assert working_days_between(RECEIVED, case.processing_due) == 10


def test_a_holiday_moves_the_due_date(board_user):
    CalendarDay.objects.update_or_create(
        date=dt.date(2026, 11, 5), defaults={"kind": "holiday", "name": "Nghỉ"}
    )
    assert _denunciation(board_user).processing_due == dt.date(2026, 11, 12)


def test_outside_competence_it_must_be_forwarded_within_five_working_days(board_user):
    case = _denunciation(board_user, within_provincial_competence=False)
    assert case.forwarding_due == dt.date(2026, 11, 9)
    assert deadlines.step_status(case.forwarding_due, None, today=dt.date(2026, 11, 10)) == "overdue"
    case = update_case(board_user, case, {"forwarded_on": dt.date(2026, 11, 6)})
    assert (
        deadlines.step_status(case.forwarding_due, case.forwarded_on, today=dt.date(2026, 11, 10)) == "done"
    )


def test_other_case_types_have_no_denunciation_steps(board_user):
    case = _denunciation(board_user, case_type="khieu_nai")
    assert (case.processing_due, case.forwarding_due) == (None, None)
    assert case.outcome_due == dt.date(2026, 11, 16)  # the 10-working-day answer stays


def test_the_api_shows_the_steps_and_filters_the_overdue(board_user):
    late = _denunciation(board_user, within_provincial_competence=False)
    done = _denunciation(board_user, title="Tố cáo khác")
    update_case(board_user, done, {"processing_done_on": dt.date(2026, 11, 6)})
    client = client_for(board_user)
    body = client.get(f"{API}/cases/{late.pk}/").json()
    assert body["processing_due"] == "2026-11-11" and body["processing_status"] == "overdue"
    assert body["forwarding_due"] == "2026-11-09" and body["forwarding_status"] == "overdue"
    assert client.get(f"{API}/cases/{done.pk}/").json()["processing_status"] == "done"
    assert ids(client.get(f"{API}/cases/?overdue=processing")) == {late.pk}
    assert ids(client.get(f"{API}/cases/?overdue=forwarding")) == {late.pk}
    assert client.get(f"{API}/cases/?overdue=nope").status_code == 400


def test_the_case_list_filters_overdue_initial_processing(client, board_user):
    late = _denunciation(board_user)
    done = _denunciation(board_user, title="Tố cáo đã xử lý")
    update_case(board_user, done, {"processing_done_on": dt.date(2026, 11, 6)})
    client.force_login(staff_user("ban_tcd"))
    response = client.get(changelist("case"), {"overdue": "processing"})
    assert [c.pk for c in response.context["cl"].result_list] == [late.pk]
    page = client.get(f"/tiepdan_case/case/{late.pk}/change/").content.decode()
    assert "xử lý ban đầu" in page and "11/11/2026" in page
