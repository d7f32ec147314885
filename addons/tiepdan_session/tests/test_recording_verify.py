"""Verifying a recording re-hashes the archived file and checks its CMS signature; the result is kept
(what `close` relies on) and shown on the session page and in the API."""

import pytest

from addons.tiepdan_bridge.tests.archive_support import path_of
from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for

from .recording_common import held_session, uploaded

pytestmark = [pytest.mark.django_db]


def test_an_intact_recording_verifies(archive_settings):
    session = held_session()
    recording = uploaded(session)
    response = client_for(staff_user("quan_tri")).post(f"/api/v1/recordings/{recording.pk}/verify/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["verification"] == "ok" and body["verified_at"] and body["signature_valid"] is True
    assert AuditEvent.objects.filter(action="recording_verified", object_id=session.pk).exists()


def test_a_changed_file_fails_verification(archive_settings):
    session = held_session()
    recording = uploaded(session)
    path = path_of(recording.entry, archive_settings)
    path.chmod(0o640)
    path.write_bytes(b"tampered")
    response = client_for(session.people["board"]).post(f"/api/v1/recordings/{recording.pk}/verify/")
    assert response.json()["verification"] == "mismatch"


def test_the_admin_verify_button_records_the_result(client, archive_settings):
    from django.urls import reverse

    session = held_session()
    recording = uploaded(session)
    client.force_login(session.people["board"])
    url = reverse("admin:tiepdan_session_receptionsession_recording_verify", args=[session.pk, recording.pk])
    assert client.post(url).status_code == 302
    recording.refresh_from_db()
    assert recording.verification == "ok" and recording.verified_by == session.people["board"]


@pytest.mark.parametrize("role", ["chu_tich", "lanh_dao"])
def test_readers_who_are_not_verifiers_may_not_verify(archive_settings, role):
    session = held_session()
    recording = uploaded(session)
    user = session.people["chair"] if role == "chu_tich" else staff_user(role)
    assert client_for(user).post(f"/api/v1/recordings/{recording.pk}/verify/").status_code == 403
