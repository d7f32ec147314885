"""Naming a handler of a denunciation (issue 6): only its handlers may, only people whose role may handle
can be named, and each change is a history row with who and why. Through the admin form and the API."""

import pytest

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.tests.admin_helpers import change, form_data, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, post_json
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db

NAME = "Phạm Văn Tài"


@pytest.fixture
def denunciation():
    return CaseFactory(
        case_type="to_cao",
        unit=unit(MY_THO),
        state="submitted",
        applicant=CitizenFactory(full_name=NAME, id_number="082080123456", phone="+84329337510"),
    )


def _post_case_form(client, user, case, **changes):
    client.force_login(user)
    page = client.get(change("case", case.pk))
    assert page.status_code == 200
    data = {**form_data(page), **changes}
    return client.post(change("case", case.pk), data)


def _handler_ids(case):
    return set(Case.objects.get(pk=case.pk).handlers.values_list("pk", flat=True))


def _sees_identity(user, case) -> bool:
    body = client_for(user).get(f"{API}/cases/{case.pk}/").content.decode()
    return NAME in body


def test_the_office_cannot_make_itself_a_handler_in_the_admin_form(client, denunciation):
    office = staff_user(R.VP_UBND)
    _post_case_form(client, office, denunciation, handlers=[str(office.pk)], reason="Tôi cần xem")
    assert _handler_ids(denunciation) == set()
    assert not _sees_identity(office, denunciation)


def test_the_office_cannot_make_itself_a_handler_through_the_api(denunciation):
    office = staff_user(R.VP_UBND)
    response = post_json(
        client_for(office), f"{API}/cases/{denunciation.pk}/handlers/", {"add": [office.pk], "reason": "Xem"}
    )
    assert_error(response, 403, "permission_denied")
    assert _handler_ids(denunciation) == set()
    assert not _sees_identity(office, denunciation)


@pytest.mark.parametrize(
    "role, commune", [(R.BAO_PTTH, None), (R.VP_UBND, None), (R.QUAN_TRI, None), (R.UBND_XA, DAO_THANH)]
)
def test_a_board_handler_cannot_name_someone_whose_role_may_not_handle(client, denunciation, role, commune):
    board = staff_user(R.BAN_TCD)
    outsider = staff_user(role, commune=commune) if commune else staff_user(role)
    response = post_json(
        client_for(board),
        f"{API}/cases/{denunciation.pk}/handlers/",
        {"add": [outsider.pk], "reason": "Hỗ trợ"},
    )
    assert_error(response, 400, "invalid")
    response = _post_case_form(client, board, denunciation, handlers=[str(outsider.pk)], reason="Hỗ trợ")
    assert response.status_code == 200  # the form comes back with the refusal
    assert _handler_ids(denunciation) == set()
    assert not _sees_identity(outsider, denunciation)


def test_a_board_handler_names_an_inspector_with_a_reason_kept_in_the_history(client, denunciation):
    board = staff_user(R.BAN_TCD)
    inspector = staff_user(R.THANH_TRA)
    assert not _sees_identity(inspector, denunciation)
    response = _post_case_form(
        client, board, denunciation, handlers=[str(inspector.pk)], reason="Giao Thanh tra xác minh"
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _handler_ids(denunciation) == {inspector.pk}
    event = AuditEvent.objects.get(object_id=denunciation.pk, action="handlers")
    assert event.actor == board and event.note == "Giao Thanh tra xác minh"
    assert event.changes == {"handlers": [[], [inspector.pk]]}
    assert _sees_identity(inspector, denunciation)


def test_naming_a_handler_without_a_reason_is_refused(client, denunciation):
    board = staff_user(R.BAN_TCD)
    inspector = staff_user(R.THANH_TRA)
    response = post_json(
        client_for(board), f"{API}/cases/{denunciation.pk}/handlers/", {"add": [inspector.pk]}
    )
    assert_error(response, 400, "invalid")
    response = _post_case_form(client, board, denunciation, handlers=[str(inspector.pk)], reason="")
    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert _handler_ids(denunciation) == set()


def test_removing_a_handler_through_the_api_is_a_history_row(denunciation):
    board = staff_user(R.BAN_TCD)
    inspector = staff_user(R.THANH_TRA)
    api = client_for(board)
    post_json(api, f"{API}/cases/{denunciation.pk}/handlers/", {"add": [inspector.pk], "reason": "Xác minh"})
    response = post_json(
        api, f"{API}/cases/{denunciation.pk}/handlers/", {"remove": [inspector.pk], "reason": "Xong việc"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["handlers"] == []
    notes = list(
        AuditEvent.objects.filter(object_id=denunciation.pk, action="handlers").values_list("note", flat=True)
    )
    assert sorted(notes) == ["Xong việc", "Xác minh"]
    assert not _sees_identity(inspector, denunciation)


def test_a_named_inspector_cannot_name_the_press(denunciation):
    board = staff_user(R.BAN_TCD)
    inspector = staff_user(R.THANH_TRA)
    post_json(
        client_for(board), f"{API}/cases/{denunciation.pk}/handlers/", {"add": [inspector.pk], "reason": "X"}
    )
    press = staff_user(R.BAO_PTTH)
    response = post_json(
        client_for(inspector), f"{API}/cases/{denunciation.pk}/handlers/", {"add": [press.pk], "reason": "X"}
    )
    assert response.status_code in (400, 403)
    assert press.pk not in _handler_ids(denunciation)


def test_the_office_still_names_handlers_of_a_complaint(denunciation):
    complaint = CaseFactory(case_type="khieu_nai", state="submitted")
    inspector = staff_user(R.THANH_TRA)
    response = post_json(
        client_for(staff_user(R.VP_UBND)),
        f"{API}/cases/{complaint.pk}/handlers/",
        {"add": [inspector.pk], "reason": "Tham mưu"},
    )
    assert response.status_code == 200, response.json()
    assert _handler_ids(complaint) == {inspector.pk}


def test_the_other_handlers_are_told_without_the_denouncers_name(denunciation):
    from addons.tiepdan_case.models import Notification

    board, colleague, inspector = staff_user(R.BAN_TCD), staff_user(R.BAN_TCD), staff_user(R.THANH_TRA)
    clerk = staff_user(R.UBND_XA, commune=MY_THO)
    post_json(
        client_for(board),
        f"{API}/cases/{denunciation.pk}/handlers/",
        {"add": [inspector.pk], "reason": "Xác minh"},
    )
    told = set(Notification.objects.filter(channel="in_app").values_list("user_id", flat=True))
    assert {colleague.pk, inspector.pk, clerk.pk} <= told
    assert board.pk not in told
    for notice in Notification.objects.all():
        assert NAME not in notice.subject + notice.body
        assert denunciation.code in notice.subject
