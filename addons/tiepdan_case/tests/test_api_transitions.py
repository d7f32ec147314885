import pytest

from ..models import AuditEvent, Case
from .api_support import API, assert_error, client_for, post_json
from .factories import DAO_THANH, MY_THO, CaseFactory, unit

pytestmark = pytest.mark.django_db


def move(user, case, **body):
    return post_json(client_for(user), f"{API}/cases/{case.pk}/transition/", body)


def test_a_commune_submits_its_draft_and_the_move_is_recorded(commune_user):
    case = CaseFactory(unit=unit(MY_THO), received=True)
    response = move(commune_user, case, action="submit", note="Gửi tỉnh")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"
    event = AuditEvent.objects.get(object_id=case.pk, kind="transition")
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "submit",
        "draft",
        "submitted",
        "Gửi tỉnh",
    )


def test_a_commune_may_not_accept_a_case(commune_user):
    case = CaseFactory(unit=unit(MY_THO), state="submitted")
    body = assert_error(
        move(commune_user, case, action="accept", eligibility="khac"), 403, "permission_denied"
    )
    assert "Vai trò của bạn" in body["detail"]
    assert Case.objects.get(pk=case.pk).state == "submitted"


@pytest.mark.parametrize("role", ["thanh_tra", "chu_tich", "lanh_dao"])
def test_readers_may_not_move_cases(user_in_role, role):
    case = CaseFactory(state="submitted")
    assert_error(
        move(user_in_role(role), case, action="accept", eligibility="khac"), 403, "permission_denied"
    )


@pytest.mark.parametrize("role", ["cong_an", "bao_ptth", "quan_tri"])
def test_roles_that_cannot_see_cases_get_404_for_a_move(user_in_role, role):
    case = CaseFactory(state="submitted")
    assert_error(move(user_in_role(role), case, action="accept", eligibility="khac"), 404, "not_found")


def test_another_commune_gets_404(other_commune_user):
    case = CaseFactory(unit=unit(MY_THO))
    assert_error(move(other_commune_user, case, action="submit"), 404, "not_found")


def test_the_board_accepts_with_an_eligibility_code(board_user):
    case = CaseFactory(state="submitted", group_size=2)  # the "many people" codes need 2 or more
    response = move(board_user, case, action="accept", eligibility="dong_nguoi_chua_giai_quyet")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    assert response.json()["eligibility"] == "dong_nguoi_chua_giai_quyet"


def test_accepting_without_eligibility_is_a_rule_violation(board_user):
    case = CaseFactory(state="submitted")
    assert_error(move(board_user, case, action="accept"), 409, "rule_violated")


def test_a_move_the_state_machine_forbids_is_409(board_user):
    case = CaseFactory(state="accepted", eligibility="khac")
    body = assert_error(
        move(board_user, case, action="accept", eligibility="khac"), 409, "transition_not_allowed"
    )
    assert body["fields"] == {}
    assert body["detail"] == "Vụ việc đang ở trạng thái “Đã tiếp nhận” nên không thể “Tiếp nhận”."
    assert_error(move(board_user, CaseFactory(state="closed"), action="withdraw", note="x"), 409)


def test_a_protected_denunciation_can_never_be_accepted(board_user):
    case = CaseFactory(state="submitted", case_type="to_cao", identity_protection=True)
    assert_error(move(board_user, case, action="accept", eligibility="khac"), 409, "rule_violated")


def test_return_and_reject_need_a_reason_and_reject_a_legal_ground(board_user):
    case = CaseFactory(state="submitted", case_type="phan_anh")  # art. 4.1h is the ground for a report
    body = assert_error(move(board_user, case, action="return"), 400, "invalid")
    assert body["fields"] == {"note": ["Hãy ghi rõ lý do."]}
    body = assert_error(
        move(board_user, case, action="reject", note="Không thuộc thẩm quyền"), 400, "invalid"
    )
    assert list(body["fields"]) == ["refusal_ground"]
    response = move(board_user, case, action="reject", note="Đã trả lời", refusal_ground="nd154_4_1h")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert response.json()["refusal_ground"] == "nd154_4_1h"


def test_unknown_codes_are_bad_input(board_user):
    case = CaseFactory(state="submitted")
    assert list(assert_error(move(board_user, case, action="fly"), 400)["fields"]) == ["action"]
    body = assert_error(move(board_user, case, action="accept", eligibility="nope"), 400)
    assert list(body["fields"]) == ["eligibility"]
    body = assert_error(move(board_user, case, action="reject", note="x", refusal_ground="nope"), 400)
    assert list(body["fields"]) == ["refusal_ground"]
    assert list(assert_error(move(board_user, case), 400)["fields"]) == ["action"]


def test_a_commune_withdraws_its_case_with_a_reason(user_in_role):
    user = user_in_role("ubnd_xa", commune=DAO_THANH)
    case = CaseFactory(unit=unit(DAO_THANH), state="submitted")
    assert_error(move(user, case, action="withdraw"), 400)
    assert move(user, case, action="withdraw", note="Công dân rút đơn").json()["state"] == "withdrawn"


def test_allowed_actions_follow_the_role_and_the_state(board_user, commune_user):
    case = CaseFactory(unit=unit(MY_THO), state="submitted")
    as_board = client_for(board_user).get(f"{API}/cases/{case.pk}/").json()["allowed_actions"]
    as_commune = client_for(commune_user).get(f"{API}/cases/{case.pk}/").json()["allowed_actions"]
    assert set(as_board) == {"accept", "return", "reject", "send_in_person", "withdraw"}
    assert as_commune == ["withdraw"]
