"""The history list names the case by its code and its moves, states and people in Vietnamese."""

import pytest

from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.tests.admin_helpers import change, changelist, staff_user
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_history_list_shows_codes_actions_states_and_names_in_vietnamese(client):
    board = staff_user("ban_tcd")
    board.first_name, board.last_name = "Tiếp", "Lê Văn"
    board.save()
    case = CaseFactory(state="submitted")
    case_workflow.perform(board, case.pk, "return", note="Bổ sung đơn")
    client.force_login(board)
    html = client.get(changelist("auditevent")).content.decode()
    assert case.code in html
    assert "Trả lại để bổ sung" in html or "Trả lại" in html
    assert "Đã gửi" in html or "Chờ tiếp nhận" in html or "Đã gửi về tỉnh" in html
    assert "Lê Văn Tiếp" in html and "Tiếp Lê Văn" not in html
    assert ">return<" not in html and ">submitted<" not in html and "#" + str(case.pk) not in html


def test_the_history_button_of_a_case_opens_its_real_history(client):
    board = staff_user("ban_tcd")
    case = CaseFactory(state="submitted")
    case_workflow.perform(board, case.pk, "return", note="Bổ sung đơn")
    client.force_login(board)
    response = client.get(change("case", case.pk).replace("/change/", "/history/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Lịch sử vụ việc {case.code}" in html and "Bổ sung đơn" in html
    assert change("case", case.pk) in html  # back to the case
