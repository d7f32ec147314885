"""Moving a case and changing what it is (issue 6): the commune changes only by a board handler with a
reason and the registering commune stays a handler; a denunciation's type and withdrawal are its
handlers' decision. Through the admin form and the API."""

import pytest

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.tests.admin_helpers import change, form_data, staff_user, transition
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, patch_json, post_json
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db

NAME = "Phạm Văn Tài"


@pytest.fixture
def denunciation():
    return CaseFactory(
        case_type="to_cao",
        unit=unit(MY_THO),
        state="submitted",
        applicant=CitizenFactory(full_name=NAME),
    )


def _post_case_form(client, user, case, **changes):
    client.force_login(user)
    page = client.get(change("case", case.pk))
    assert page.status_code == 200
    return client.post(change("case", case.pk), {**form_data(page), **changes})


def _fresh(case):
    return Case.objects.get(pk=case.pk)


def test_the_office_cannot_hand_a_denunciation_to_another_commune_through_the_api(denunciation):
    response = patch_json(
        client_for(staff_user(R.VP_UBND)), f"{API}/cases/{denunciation.pk}/", {"unit": DAO_THANH}
    )
    assert_error(response, 403, "permission_denied")
    other = staff_user(R.UBND_XA, commune=DAO_THANH)
    assert client_for(other).get(f"{API}/cases/{denunciation.pk}/").status_code == 404
    response = post_json(
        client_for(staff_user(R.VP_UBND)),
        f"{API}/cases/{denunciation.pk}/move/",
        {"unit": DAO_THANH, "reason": "X"},
    )
    assert_error(response, 403, "permission_denied")
    assert _fresh(denunciation).unit.code == MY_THO


def test_the_office_cannot_move_a_case_in_the_admin_form(client, denunciation):
    _post_case_form(client, staff_user(R.VP_UBND), denunciation, unit=str(unit(DAO_THANH).pk), reason="X")
    assert _fresh(denunciation).unit.code == MY_THO


def test_a_plain_edit_never_moves_even_a_complaint():
    complaint = CaseFactory(case_type="khieu_nai", state="submitted", unit=unit(MY_THO))
    response = patch_json(
        client_for(staff_user(R.BAN_TCD)), f"{API}/cases/{complaint.pk}/", {"unit": DAO_THANH}
    )
    assert_error(response, 403, "permission_denied")
    assert _fresh(complaint).unit.code == MY_THO


def test_a_board_handler_moves_the_case_with_a_reason_and_the_registering_commune_keeps_it(denunciation):
    board = client_for(staff_user(R.BAN_TCD))
    assert_error(
        post_json(board, f"{API}/cases/{denunciation.pk}/move/", {"unit": DAO_THANH}), 400, "invalid"
    )
    response = post_json(
        board,
        f"{API}/cases/{denunciation.pk}/move/",
        {"unit": DAO_THANH, "reason": "Thuộc địa bàn Đạo Thạnh"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["unit"] == DAO_THANH
    event = AuditEvent.objects.get(object_id=denunciation.pk, action="move")
    assert event.note == "Thuộc địa bàn Đạo Thạnh"
    for commune in (MY_THO, DAO_THANH):  # the registering commune is still a handler and sees the identity
        body = client_for(staff_user(R.UBND_XA, commune=commune)).get(f"{API}/cases/{denunciation.pk}/")
        assert NAME in body.content.decode(), commune


def test_a_board_handler_moves_the_case_in_the_admin_form_only_with_a_reason(client, denunciation):
    board = staff_user(R.BAN_TCD)
    response = _post_case_form(client, board, denunciation, unit=str(unit(DAO_THANH).pk), reason="")
    assert response.status_code == 200 and "reason" in response.context["adminform"].form.errors
    assert _fresh(denunciation).unit.code == MY_THO
    response = _post_case_form(
        client, board, denunciation, unit=str(unit(DAO_THANH).pk), reason="Đúng địa bàn"
    )
    assert response.status_code == 302
    assert _fresh(denunciation).unit.code == DAO_THANH
    assert _fresh(denunciation).registered_unit.code == MY_THO


def test_the_office_cannot_retype_a_denunciation(client, denunciation):
    office = staff_user(R.VP_UBND)
    response = patch_json(client_for(office), f"{API}/cases/{denunciation.pk}/", {"case_type": "kien_nghi"})
    assert_error(response, 403, "permission_denied")
    _post_case_form(client, office, denunciation, case_type="kien_nghi")
    assert _fresh(denunciation).case_type == "to_cao"


def test_the_office_cannot_turn_a_complaint_into_a_denunciation_it_does_not_handle():
    complaint = CaseFactory(case_type="khieu_nai", state="submitted")
    response = patch_json(
        client_for(staff_user(R.VP_UBND)), f"{API}/cases/{complaint.pk}/", {"case_type": "to_cao"}
    )
    assert_error(response, 403, "permission_denied")


def test_the_office_cannot_withdraw_a_denunciation(client, denunciation):
    office = staff_user(R.VP_UBND)
    response = post_json(
        client_for(office),
        f"{API}/cases/{denunciation.pk}/transition/",
        {"action": "withdraw", "note": "Rút"},
    )
    assert_error(response, 403, "permission_denied")
    client.force_login(office)
    client.post(transition(denunciation.pk, "withdraw"), {"note": "Rút"})
    assert _fresh(denunciation).state == "submitted"


def test_a_board_handler_withdraws_a_denunciation():
    case = CaseFactory(case_type="to_cao", state="submitted")
    response = post_json(
        client_for(staff_user(R.BAN_TCD)),
        f"{API}/cases/{case.pk}/transition/",
        {"action": "withdraw", "note": "Rút"},
    )
    assert response.status_code == 200, response.json()
    assert _fresh(case).state == "withdrawn"


def test_the_office_cannot_register_a_denunciation_it_would_not_handle():
    response = post_json(
        client_for(staff_user(R.VP_UBND)),
        f"{API}/cases/",
        {"case_type": "to_cao", "title": "Tố cáo", "summary": "Nội dung", "unit": MY_THO},
    )
    assert_error(response, 403, "permission_denied")
    assert not Case.objects.filter(case_type="to_cao").exists()
