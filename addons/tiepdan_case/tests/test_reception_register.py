"""The reception register (sổ tiếp công dân, NĐ 154 art. 27.1): every refusal and every reception writes
its row; a case without a row cannot be sent to the province; the API records and lists a case's rows."""

import pytest

from addons.tiepdan_case.models import Case, Reception
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.errors import Conflict, Invalid

from .api_support import API, assert_error, client_for, ids, post_json
from .factories import DAO_THANH, CaseFactory, register_row, unit

pytestmark = pytest.mark.django_db

ROW = {
    "received_at": "2026-11-02T08:30:00+07:00",
    "place": "Trụ sở tiếp công dân phường Mỹ Thọ",
    "received_by": "Công chức tiếp công dân",
    "direction": "huong_dan",
    "guided_to": "Tòa án nhân dân khu vực 1",
}


def test_a_case_without_a_reception_row_cannot_be_sent_to_the_province(commune_user):
    case = CaseFactory()
    assert "submit" not in [a.code for a in case_workflow.allowed_actions(commune_user, case)]
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(commune_user, case.pk, "submit")
    assert "khoản 1 Điều 27" in exc.value.message
    register_row(case)
    assert case_workflow.perform(commune_user, case.pk, "submit").state == "submitted"


def test_a_refusal_writes_its_row_with_its_ground_and_reason(board_user):
    case = CaseFactory(state="submitted", group_size=2)
    case_workflow.perform(
        board_user, case.pk, "reject", note="Đã trả lời bằng văn bản", refusal_ground="luat_9_3"
    )
    row = Reception.objects.get(case=case)
    assert (row.direction, row.refusal_ground, row.note, row.people_count) == (
        "tu_choi", "luat_9_3", "Đã trả lời bằng văn bản", 2,
    )  # fmt: skip
    assert row.receiving_agency == board_user.profile.agency and row.recorded_by == board_user


def test_hearing_the_case_at_a_session_writes_its_row(board_user):
    case = CaseFactory(state="scheduled", eligibility="khac")
    case_workflow.perform(board_user, case.pk, "receive")
    row = Reception.objects.get(case=case)
    assert (row.kind, row.direction) == ("dinh_ky", "thu_ly")
    assert "trực tuyến" in row.place


def test_a_refused_move_writes_no_row(board_user):
    case = CaseFactory(state="submitted", case_type="kien_nghi")
    with pytest.raises(Invalid):
        case_workflow.perform(board_user, case.pk, "reject", note="x", refusal_ground="luat_9_3")
    assert not Reception.objects.filter(case=case).exists()


def test_the_api_records_and_lists_a_cases_receptions_then_the_case_can_be_sent(commune_user):
    case = CaseFactory()
    client = client_for(commune_user)
    url = f"{API}/cases/{case.pk}/receptions/"
    assert_error(
        post_json(client, f"{API}/cases/{case.pk}/transition/", {"action": "submit"}), 409, "rule_violated"
    )
    response = post_json(client, url, ROW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["direction"] == "huong_dan" and body["receiving_agency"] == commune_user.profile.agency.code
    assert ids(client.get(url)) == {body["id"]}
    submitted = post_json(client, f"{API}/cases/{case.pk}/transition/", {"action": "submit"})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"


def test_the_api_refuses_a_bad_row_with_field_errors(commune_user):
    case = CaseFactory()
    body = assert_error(
        post_json(client_for(commune_user), f"{API}/cases/{case.pk}/receptions/", ROW | {"guided_to": ""}),
        400,
    )
    assert body["fields"]
    assert not Reception.objects.filter(case=case).exists()


def test_another_commune_gets_not_found_for_the_receptions_of_a_case(other_commune_user):
    case = CaseFactory()
    register_row(case)
    client = client_for(other_commune_user)
    assert_error(client.get(f"{API}/cases/{case.pk}/receptions/"), 404)
    assert_error(post_json(client, f"{API}/cases/{case.pk}/receptions/", ROW), 404)
    assert Reception.objects.filter(case=case).count() == 1
    assert Case.objects.filter(unit=unit(DAO_THANH)).count() == 0
