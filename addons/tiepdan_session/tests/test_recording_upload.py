"""A recording reaches the bridge's signed archive by an upload and is linked to the session and, when cut
per item, to the agenda item; the session page lists it with size, SHA-256 and the signature check."""

import hashlib

import pytest
from django.urls import reverse

from addons.tiepdan_bridge.models import ArchiveEntry
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for

from ..models import SessionRecording
from .common import session_url, working_day
from .recording_common import VIDEO, held_session, video_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def upload_url(session):
    return reverse("admin:tiepdan_session_receptionsession_recording_upload", args=[session.pk])


def test_the_board_uploads_a_recording_of_an_item_and_the_page_lists_size_sha256_and_signature(client):
    session = held_session()
    item = session.agenda.get()
    client.force_login(session.people["board"])
    response = client.post(upload_url(session), {"file": video_file(), "agenda_item": item.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    recording = SessionRecording.objects.get()
    entry = recording.entry
    assert (recording.session, recording.agenda_item) == (session, item)
    assert entry.owner_ref == f"recording:session:{session.pk}:item:{item.pk}"
    assert entry.sha256 == hashlib.sha256(VIDEO).hexdigest() and entry.size == len(VIDEO)
    page = client.get(session_url(session)).content.decode()
    assert entry.sha256 in page and "Chữ ký hợp lệ" in page and f"{item.order}. {item.case.code}" in page
    assert 'data-signature="ok"' in page and 'data-verification=""' in page


def test_the_api_uploads_a_recording_of_the_whole_session(archive_settings):
    session = held_session(state="in_progress")
    api = client_for(session.people["board"])
    response = api.post(
        "/api/v1/recordings/", {"session": session.pk, "file": video_file()}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["session"] == session.pk and body["agenda_item"] is None
    assert body["sha256"] == hashlib.sha256(VIDEO).hexdigest() and body["signature_valid"] is True
    assert ArchiveEntry.objects.get().owner_ref == f"recording:session:{session.pk}"
    listed = api.get(f"/api/v1/recordings/?session={session.pk}").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_a_file_that_is_not_a_recording_is_refused(archive_settings):
    session = held_session()
    api = client_for(session.people["board"])
    response = api.post(
        "/api/v1/recordings/",
        {"session": session.pk, "file": video_file("bien-ban.pdf", b"%PDF-1.7")},
        format="multipart",
    )
    assert response.status_code == 400 and "file" in response.json()["fields"]
    assert not ArchiveEntry.objects.exists()


def test_no_recording_before_the_session_runs(archive_settings):
    session = held_session(state="announced")
    response = client_for(session.people["board"]).post(
        "/api/v1/recordings/", {"session": session.pk, "file": video_file()}, format="multipart"
    )
    assert response.status_code == 409
    assert not ArchiveEntry.objects.exists()


def test_an_item_of_another_session_is_refused(archive_settings):
    session = held_session()
    other = held_session(day=working_day(9))
    response = client_for(session.people["board"]).post(
        "/api/v1/recordings/",
        {"session": session.pk, "agenda_item": other.agenda.get().pk, "file": video_file()},
        format="multipart",
    )
    assert response.status_code == 400 and "agenda_item" in response.json()["fields"]


@pytest.mark.parametrize("role", ["thanh_tra", "chu_tich", "so_khcn", "ubnd_xa", "bao_ptth"])
def test_other_roles_may_not_upload(archive_settings, role):
    session = held_session()
    response = client_for(staff_user(role)).post(
        "/api/v1/recordings/", {"session": session.pk, "file": video_file()}, format="multipart"
    )
    assert response.status_code in (403, 404)
    assert not ArchiveEntry.objects.exists()


def test_a_recording_of_an_item_the_chair_forbade_to_record_is_refused():
    session = held_session()
    item = session.agenda.get()
    type(item).objects.filter(pk=item.pk).update(no_recording=True, restriction_reason="Bảo vệ bí mật đời tư")
    response = client_for(session.people["board"]).post(
        "/api/v1/recordings/",
        {"session": session.pk, "agenda_item": item.pk, "file": video_file()},
        format="multipart",
    )
    assert response.status_code == 409 and "Bảo vệ bí mật đời tư" in response.json()["detail"]
    assert not ArchiveEntry.objects.exists()


def test_a_recording_declared_as_a_web_page_is_never_served_as_one(client):
    session = held_session()
    client.force_login(session.people["board"])
    upload = video_file()
    upload.content_type = "text/html"
    assert client.post(upload_url(session), {"file": upload}).status_code == 302
    entry = SessionRecording.objects.get().entry
    assert entry.content_type == "video/webm"  # the extension's type, not the declared one
    recording = SessionRecording.objects.get()
    played = client.get(reverse("tiepdan_session:recording_file", args=[recording.pk, "play"]))
    assert played.status_code == 200
    assert played["Content-Type"] == "video/webm" and played["X-Content-Type-Options"] == "nosniff"
