"""A recording reaches a session only as audio or video judged by its bytes (issue 12, uploads.media_type),
whichever way it comes: the upload form checks it, and so does the link of files already in the archive
(`link_imported`) — an entry the recorder dropped, or one a user stored through the archive's own upload
form with a recording's owner reference and any declared type. Bytes of no audio or video container stay
unlinked in the archive: they never count as the session's recording and are never played."""

import json
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from addons.tiepdan_bridge.models import ArchiveEntry
from addons.tiepdan_case.tests.admin_helpers import staff_user

from ..jobs import link_session_recordings
from ..models import SessionRecording
from .recording_common import VIDEO, held_session

pytestmark = pytest.mark.django_db

PAGE = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def test_a_web_page_stored_through_the_archive_form_as_a_recording_is_not_linked_to_the_session(
    archive_settings, client
):
    session = held_session()
    client.force_login(staff_user("ban_tcd"))
    for name, content in (("phien.mp4", PAGE), ("phien-that.webm", VIDEO)):
        upload = SimpleUploadedFile(name, content, content_type="video/mp4")
        response = client.post(
            reverse("admin:tiepdan_bridge_archiveentry_add"),
            {"file": upload, "name": "", "owner_ref": f"recording:session:{session.pk}"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert ArchiveEntry.objects.count() == 2
    assert link_session_recordings() == 1
    linked = SessionRecording.objects.select_related("entry").get()
    assert linked.entry.original_name == "phien-that.webm"


def test_a_file_the_recorder_drops_that_is_no_recording_stays_unlinked(archive_settings, tmp_path):
    session = held_session()
    inbox = tmp_path / "inbox"
    path = inbox / "phien.mp4"
    path.write_bytes(b"%PDF-1.7 not a recording")
    (inbox / "phien.mp4.json").write_text(json.dumps({"owner_ref": f"recording:session:{session.pk}"}))
    old = time.time() - 120
    os.utime(path, (old, old))
    call_command("import_archive")
    assert ArchiveEntry.objects.filter(original_name="phien.mp4").exists()  # kept in the archive
    assert link_session_recordings() == 0
    assert not SessionRecording.objects.exists()
