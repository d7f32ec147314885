"""No recording (e.g. the recorder failed): the board or the office records why, and the session's chair
signs it off in a separate step; nobody else signs, and a signed-off reason is not rewritten."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for, post_json

from ..models import RecordingWaiver
from .common import session_url
from .recording_common import held_session

pytestmark = pytest.mark.django_db
REASON = "Thiết bị ghi hình tại điểm cầu tỉnh bị hỏng trong suốt phiên"


def reason_url(session):
    return f"/api/v1/sessions/{session.pk}/no-recording/"


def sign_off_url(session):
    return f"/api/v1/sessions/{session.pk}/no-recording/sign-off/"


def test_the_board_records_the_reason_and_the_chair_signs_it_off():
    session = held_session()
    response = post_json(client_for(session.people["board"]), reason_url(session), {"reason": REASON})
    assert response.status_code == 200, response.json()
    assert response.json()["signed_off"] is False
    response = client_for(session.people["chair"]).post(sign_off_url(session))
    assert response.status_code == 200 and response.json()["signed_off"] is True
    waiver = RecordingWaiver.objects.get(session=session)
    assert (waiver.recorded_by, waiver.signed_off_by) == (session.people["board"], session.people["chair"])
    actions = set(AuditEvent.objects.filter(object_id=session.pk).values_list("action", flat=True))
    assert {"recording_waiver", "recording_waiver_signed_off"} <= actions


def test_a_reason_is_required():
    session = held_session()
    response = post_json(client_for(session.people["board"]), reason_url(session), {"reason": "  "})
    assert response.status_code == 400 and "reason" in response.json()["fields"]


@pytest.mark.parametrize("who", ["board", "vp_ubnd", "another_chairman"])
def test_only_the_sessions_chair_signs_off(who):
    session = held_session()
    post_json(client_for(session.people["board"]), reason_url(session), {"reason": REASON})
    user = {
        "board": session.people["board"],
        "vp_ubnd": staff_user("vp_ubnd"),
        "another_chairman": staff_user("chu_tich"),
    }[who]
    response = client_for(user).post(sign_off_url(session))
    assert response.status_code == 403
    assert not RecordingWaiver.objects.get(session=session).signed_off


def test_the_chair_cannot_sign_off_before_a_reason_is_recorded():
    session = held_session()
    assert client_for(session.people["chair"]).post(sign_off_url(session)).status_code == 409


def test_a_signed_off_reason_is_not_rewritten():
    session = held_session()
    post_json(client_for(session.people["board"]), reason_url(session), {"reason": REASON})
    client_for(session.people["chair"]).post(sign_off_url(session))
    response = post_json(client_for(session.people["board"]), reason_url(session), {"reason": "Khác"})
    assert response.status_code == 409
    assert RecordingWaiver.objects.get(session=session).reason == REASON


def test_the_session_page_offers_the_reason_to_the_board_and_the_sign_off_to_the_chair(client):
    session = held_session()
    client.force_login(session.people["board"])
    form_url = reverse("admin:tiepdan_session_receptionsession_recording_reason", args=[session.pk])
    assert form_url in client.get(session_url(session)).content.decode()
    assert client.post(form_url, {"reason": REASON}).status_code == 302
    client.force_login(session.people["chair"])
    page = client.get(session_url(session)).content.decode()
    assert REASON in page and 'id="recording-sign-off"' in page
    sign = reverse("admin:tiepdan_session_receptionsession_recording_sign_off", args=[session.pk])
    assert client.post(sign).status_code == 302
    assert RecordingWaiver.objects.get(session=session).signed_off
