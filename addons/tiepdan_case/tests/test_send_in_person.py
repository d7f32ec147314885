"""A lawful case unfit for online reception goes back to regular, in-person reception with a reason:
a move of its own, not a refusal under Luật TCD art. 9 (NĐ 154 art. 20)."""

import pytest

from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.cases import can_edit
from addons.tiepdan_case.services.errors import Conflict, Invalid

from .admin_helpers import change, staff_user, transition
from .api_support import API, assert_error, client_for, post_json
from .factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", ["submitted", "accepted"])
def test_the_board_sends_a_case_to_in_person_reception_with_a_reason_and_no_refusal_ground(board_user, state):
    case = CaseFactory(state=state, eligibility="khac" if state == "accepted" else "")
    moved = case_workflow.perform(board_user, case.pk, "send_in_person", note="Công dân ở gần trụ sở")
    assert (moved.state, moved.refusal_ground) == ("in_person", "")
    event = AuditEvent.objects.get(object_id=case.pk, kind="transition")
    assert (event.action, event.note) == ("send_in_person", "Công dân ở gần trụ sở")
    assert not can_edit(board_user, moved)  # it has left the online workflow


def test_sending_to_in_person_reception_needs_a_reason(board_user):
    case = CaseFactory(state="submitted")
    with pytest.raises(Invalid):
        case_workflow.perform(board_user, case.pk, "send_in_person")


def test_a_scheduled_case_is_taken_off_the_agenda_before_it_is_sent_in_person(board_user):
    case = CaseFactory(state="scheduled", eligibility="khac")
    with pytest.raises(Conflict):
        case_workflow.perform(board_user, case.pk, "send_in_person", note="x")


def test_a_protected_denunciation_can_be_sent_to_in_person_reception(board_user):
    case = CaseFactory(state="submitted", case_type="to_cao", identity_protection=True)
    assert "send_in_person" in [a.code for a in case_workflow.allowed_actions(board_user, case)]
    case_workflow.perform(board_user, case.pk, "send_in_person", note="Yêu cầu bảo vệ danh tính")
    assert Case.objects.get(pk=case.pk).state == "in_person"


def test_the_api_sends_a_case_in_person_and_a_commune_may_not(board_user, commune_user):
    case = CaseFactory(state="submitted")
    url = f"{API}/cases/{case.pk}/transition/"
    assert_error(post_json(client_for(commune_user), url, {"action": "send_in_person", "note": "x"}), 403)
    response = post_json(client_for(board_user), url, {"action": "send_in_person", "note": "Tiếp trực tiếp"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "in_person"


def test_the_case_page_offers_the_move_beside_reject_and_asks_for_the_reason(client):
    case = CaseFactory(state="submitted")
    client.force_login(staff_user("ban_tcd"))
    html = client.get(change("case", case.pk)).content.decode()
    assert transition(case.pk, "send_in_person") in html and transition(case.pk, "reject") in html
    page = client.get(transition(case.pk, "send_in_person"))
    assert page.status_code == 200 and 'name="note"' in page.content.decode()
    assert 'name="refusal_ground"' not in page.content.decode()
    client.post(transition(case.pk, "send_in_person"), {"note": "Vụ việc đơn giản"})
    assert Case.objects.get(pk=case.pk).state == "in_person"
