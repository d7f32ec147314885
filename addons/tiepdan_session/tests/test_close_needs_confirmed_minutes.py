"""`close` also needs the minutes confirmed: every heard item read back and signed, thumbprinted or the
refusal recorded by the citizens present (the console's `minutes_confirmed`)."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for, post_json
from addons.tiepdan_case.tests.factories import MY_THO

from ..models import ReceptionSession
from ..services import console, recordings
from .recording_common import held_session, uploaded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def close(session):
    return post_json(
        client_for(staff_user("vp_ubnd")), f"/api/v1/sessions/{session.pk}/transition/", {"action": "close"}
    )


def test_close_waits_for_the_citizens_confirmation_of_a_heard_item():
    session = held_session(state="in_progress")
    item = session.agenda.get()
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    invitation = item.invitations.select_related("citizen").get()
    attendance = console.check_in(
        clerk, invitation.pk, status="present", id_number=invitation.citizen.id_number
    )
    console.record_outcome(session.people["board"], session.pk, item.pk, "heard")
    ReceptionSession.objects.filter(pk=session.pk).update(state="concluded")
    recordings.verify_recording(session.people["board"], uploaded(session))
    response = close(session)
    assert response.status_code == 409 and "Biên bản chưa được xác nhận" in response.json()["detail"]
    console.confirm_item(clerk, item.pk, attendance.pk, "thumbprint")
    assert close(session).status_code == 200
    assert ReceptionSession.objects.get(pk=session.pk).state == "closed"
