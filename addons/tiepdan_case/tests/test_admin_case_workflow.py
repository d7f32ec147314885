"""Workflow buttons on the case page: shown only when allowed; a refused move explains why."""

import pytest
from django.contrib.messages import get_messages

from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.tests.admin_helpers import add, change, staff_user, transition
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_commune_clerk_sees_submit_but_not_accept_on_a_draft(client):
    case = CaseFactory(received=True)  # its reception is in the register (NĐ 154 art. 27.1)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(change("case", case.pk)).content.decode()
    assert transition(case.pk, "submit") in html
    assert transition(case.pk, "accept") not in html


def test_the_board_sees_accept_return_reject_on_a_submitted_case(client):
    case = CaseFactory(state="submitted")
    client.force_login(staff_user("ban_tcd"))
    html = client.get(change("case", case.pk)).content.decode()
    for action in ("accept", "return", "reject", "withdraw"):
        assert transition(case.pk, action) in html
    assert transition(case.pk, "submit") not in html


def test_a_reader_sees_no_workflow_buttons(client):
    case = CaseFactory(state="submitted")
    client.force_login(staff_user("thanh_tra"))
    html = client.get(change("case", case.pk)).content.decode()
    assert 'id="case-actions"' not in html


def test_a_commune_clerk_submits_after_confirming_and_history_records_it(client):
    case = CaseFactory(received=True)  # its reception is in the register (NĐ 154 art. 27.1)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(transition(case.pk, "submit"), {"confirmed": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"
    assert AuditEvent.objects.filter(object_id=case.pk, action="submit").exists()


def test_a_forbidden_accept_post_is_refused_with_the_reason(client):
    case = CaseFactory(state="submitted")
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(transition(case.pk, "accept"), {"eligibility": "khac"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"
    assert any(m.startswith("Vai trò của bạn không được") for m in _messages(response))


def test_a_move_the_state_machine_forbids_is_refused_with_a_message(client):
    case = CaseFactory(state="closed")
    client.force_login(staff_user("ban_tcd"))
    response = client.post(transition(case.pk, "submit"))
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == "closed"
    assert len(_messages(response)) == 1


def test_accept_asks_for_the_eligibility_first_then_accepts(client):
    case = CaseFactory(state="submitted", group_size=2)  # the "many people" codes need 2 or more
    client.force_login(staff_user("ban_tcd"))
    page = client.get(transition(case.pk, "accept"))
    assert page.status_code == 200
    assert 'name="eligibility"' in page.content.decode()
    again = client.post(transition(case.pk, "accept"), {"eligibility": ""})
    assert again.status_code == 200  # the form again, with the error
    assert again.context["form"].errors["eligibility"]
    client.post(transition(case.pk, "accept"), {"eligibility": "dong_nguoi_chua_giai_quyet"})
    case.refresh_from_db()
    assert (case.state, case.eligibility) == ("accepted", "dong_nguoi_chua_giai_quyet")


def test_reject_needs_a_ground_and_a_reason(client):
    case = CaseFactory(state="submitted")
    client.force_login(staff_user("ban_tcd"))
    response = client.post(transition(case.pk, "reject"), {"note": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"note", "refusal_ground"}
    client.post(
        transition(case.pk, "reject"), {"note": "Đã trả lời", "refusal_ground": "luat_9_3", "confirmed": "1"}
    )
    assert Case.objects.get(pk=case.pk).state == "rejected"


def test_a_transition_on_a_case_out_of_scope_is_404(client):
    case = CaseFactory(state="draft")
    client.force_login(staff_user("ubnd_xa", commune="28249"))
    assert client.post(transition(case.pk, "submit")).status_code == 404


def test_a_case_saved_in_the_admin_gets_a_code_and_a_history_row(client):
    citizen = CitizenFactory()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(
        add("case"),
        {
            "case_type": "kien_nghi",
            "title": "Kiến nghị sửa đường",
            "summary": "Đường xuống cấp",
            "received_date": "02/11/2026",
            "channel": "truc_tiep",
            "group_size": "1",
            "previous_handling": "",
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-citizen": str(citizen.pk),
            "participants-0-role": "nguoi_dung_don",
            "participants-0-authorization_document": "",
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    case = Case.objects.get(title="Kiến nghị sửa đường")
    assert case.code.startswith("VV-2026-")
    assert case.unit.code == MY_THO
    assert list(case.participants.values_list("citizen_id", flat=True)) == [citizen.pk]
    assert AuditEvent.objects.filter(object_id=case.pk, kind="created").exists()


def test_a_closed_case_is_read_only(client):
    case = CaseFactory(state="closed")
    client.force_login(staff_user("ban_tcd"))
    response = client.get(change("case", case.pk))
    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()
