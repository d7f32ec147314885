"""`close` (vp_ubnd, from `concluded`) needs the minutes confirmed, every directive issued, and an
archived, verified recording — or a reason for its absence that the chair signed off."""

import pytest

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for, post_json

from ..models import ReceptionSession
from ..services import directives, recordings
from .recording_common import held_session, uploaded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def close(session, user=None):
    user = user or staff_user("vp_ubnd")
    return post_json(client_for(user), f"/api/v1/sessions/{session.pk}/transition/", {"action": "close"})


def state(session):
    return ReceptionSession.objects.get(pk=session.pk).state


def test_close_is_refused_without_a_verified_recording():
    session = held_session()
    response = close(session)
    assert response.status_code == 409 and "bản ghi hình" in response.json()["detail"]
    uploaded(session)  # archived, but nobody verified it yet
    assert close(session).status_code == 409
    assert state(session) == "concluded"


def test_close_succeeds_with_an_archived_verified_recording():
    session = held_session()
    recording = uploaded(session)
    recordings.verify_recording(session.people["board"], recording)
    vp = staff_user("vp_ubnd")
    response = close(session, vp)
    assert response.status_code == 200, response.json()
    closed = ReceptionSession.objects.get(pk=session.pk)
    assert closed.state == "closed" and closed.closed_at is not None
    event = AuditEvent.objects.get(action="close", object_id=session.pk)
    assert (event.actor, event.from_state, event.to_state) == (vp, "concluded", "closed")


def test_a_recording_that_failed_verification_does_not_count(archive_settings):
    from addons.tiepdan_bridge.tests.archive_support import path_of

    session = held_session()
    recording = uploaded(session)
    path = path_of(recording.entry, archive_settings)
    path.chmod(0o640)
    path.write_bytes(b"tampered")
    recordings.verify_recording(session.people["board"], recording)
    assert close(session).status_code == 409


def test_a_recorded_reason_counts_only_once_the_chair_signed_it_off():
    session = held_session()
    recordings.record_missing_reason(session.people["board"], session, "Máy ghi hình hỏng giữa phiên")
    response = close(session)
    assert response.status_code == 409 and "chờ người chủ trì xác nhận" in response.json()["detail"]
    recordings.sign_off_missing_reason(session.people["chair"], session)
    assert close(session).status_code == 200
    assert state(session) == "closed"


def test_close_is_refused_while_a_directive_is_not_issued():
    session = held_session(state="in_progress")
    item = session.agenda.get()
    directives.draft_directive(
        item,
        instruction="Sở Nông nghiệp và Môi trường kiểm tra, trả lời công dân",
        lead_agency=_agency(),
        working_days=10,
        actor=session.people["board"],
    )
    ReceptionSession.objects.filter(pk=session.pk).update(state="concluded")
    recordings.sign_off_missing_reason(
        session.people["chair"],
        recordings.record_missing_reason(session.people["board"], session, "Máy ghi hình hỏng").session,
    )
    response = close(session)
    assert response.status_code == 409 and "chưa được ban hành" in response.json()["detail"]


def _agency():
    from addons.tiepdan_case.models import Agency

    return Agency.objects.get(code="so-nn-mt")


@pytest.mark.parametrize("role", ["ban_tcd", "chu_tich", "thanh_tra", "quan_tri"])
def test_only_the_provincial_office_closes(role):
    session = held_session()
    recordings.verify_recording(session.people["board"], uploaded(session))
    user = {"ban_tcd": session.people["board"], "chu_tich": session.people["chair"]}.get(role) or staff_user(
        role
    )
    assert close(session, user).status_code == 403
    assert state(session) == "concluded"


def test_a_session_still_in_progress_cannot_close():
    session = held_session(state="in_progress")
    recordings.verify_recording(session.people["board"], uploaded(session))
    assert close(session).status_code == 409


def test_the_office_closes_from_the_session_page_button(client):
    from django.urls import reverse

    session = held_session()
    recordings.verify_recording(session.people["board"], uploaded(session))
    client.force_login(staff_user("vp_ubnd"))
    page = client.get(reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]))
    assert 'data-action="close"' in page.content.decode()
    url = reverse("admin:tiepdan_session_receptionsession_transition", args=[session.pk, "close"])
    assert client.post(url).status_code == 302
    assert state(session) == "closed"
