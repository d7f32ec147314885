"""`identity_protection` means the denouncer asks for protection measures (plan II.4; NĐ 154 art. 20.4):
such a case is never received online. Asking for it on an accepted or scheduled case takes it off the
agenda and back to `accepted`; on a case already received it is refused."""

import pytest

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.errors import Conflict
from addons.tiepdan_case.signals import case_left_schedule
from addons.tiepdan_case.tests.admin_helpers import change, form_data, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, patch_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def left_schedule():
    heard = []

    def receiver(sender, case, actor, reason, **kwargs):
        heard.append((case.pk, actor, reason))

    case_left_schedule.connect(receiver)
    yield heard
    case_left_schedule.disconnect(receiver)


def _denunciation(case_factory, state):
    return case_factory(case_type="to_cao", state=state, eligibility="khac")


def _ask(user, case):
    return patch_json(client_for(user), f"{API}/cases/{case.pk}/", {"identity_protection": True})


def test_asking_for_protection_takes_a_scheduled_case_back_to_accepted(case_factory, left_schedule):
    case = _denunciation(case_factory, "scheduled")
    board = staff_user(R.BAN_TCD)
    response = _ask(board, case)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "accepted"
    assert "schedule" not in response.json()["allowed_actions"]
    event = AuditEvent.objects.get(object_id=case.pk, action="protection_requested")
    assert (event.from_state, event.to_state, event.actor) == ("scheduled", "accepted", board)
    assert "20.4" in event.note
    assert left_schedule == [(case.pk, board, event.note)]


def test_asking_for_protection_on_an_accepted_case_is_a_history_row_and_it_stays_accepted(
    case_factory, left_schedule
):
    case = _denunciation(case_factory, "accepted")
    assert _ask(staff_user(R.BAN_TCD), case).status_code == 200
    assert Case.objects.get(pk=case.pk).state == "accepted"
    assert AuditEvent.objects.filter(object_id=case.pk, action="protection_requested").exists()
    assert left_schedule == []  # it was on no agenda


def test_asking_for_protection_on_a_received_case_is_refused_with_a_clear_message(case_factory):
    case = _denunciation(case_factory, "received")
    case.refresh_from_db()
    from addons.tiepdan_case.services.cases import update_case

    # `received` is terminal for editing on screen; the rule is the service's, whoever calls it.
    with pytest.raises(Conflict) as exc:
        update_case(staff_user(R.BAN_TCD), case, {"identity_protection": True})
    assert "đã được tiếp" in str(exc.value)
    assert Case.objects.get(pk=case.pk).identity_protection is False


def test_asking_for_protection_through_the_api_on_a_received_case_answers_409(case_factory):
    case = _denunciation(case_factory, "received")
    assert_error(_ask(staff_user(R.BAN_TCD), case), 409, "rule_violated")
    assert Case.objects.get(pk=case.pk).state == "received"


def test_asking_for_protection_in_the_admin_form_takes_the_case_off_the_agenda(client, case_factory):
    case = _denunciation(case_factory, "scheduled")
    client.force_login(staff_user(R.BAN_TCD))
    page = client.get(change("case", case.pk))
    response = client.post(change("case", case.pk), {**form_data(page), "identity_protection": "on"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Case.objects.get(pk=case.pk).state == "accepted"


def test_receive_checks_the_request_again(case_factory):
    case = _denunciation(case_factory, "scheduled")
    Case.objects.filter(pk=case.pk).update(identity_protection=True)  # however it got there
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(staff_user(R.BAN_TCD), case.pk, "receive")
    assert "20.4" in str(exc.value)
    assert Case.objects.get(pk=case.pk).state == "scheduled"


def test_the_board_is_told_when_protection_is_asked(case_factory):
    from addons.tiepdan_case.models import Notification

    case = _denunciation(case_factory, "scheduled")
    colleague = staff_user(R.BAN_TCD)
    _ask(staff_user(R.BAN_TCD), case)
    notice = Notification.objects.get(user=colleague, channel="in_app")
    assert case.code in notice.subject and "20.4" in notice.body
