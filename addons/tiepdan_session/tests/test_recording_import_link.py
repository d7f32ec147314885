"""The archive import job stores the recorder's files; the session module links those it owns
(`recording:session:<id>[:item:<id>]`) — the bridge module never learns about sessions."""

import json
import os
import time

import pytest
from django.core.management import call_command

from addons.tiepdan_case.models import AuditEvent

from ..jobs import link_session_recordings
from ..models import SessionRecording
from .recording_common import VIDEO, held_session

pytestmark = [pytest.mark.django_db]


def drop(folder, name, owner_ref):
    path = folder / name
    path.write_bytes(VIDEO + name.encode())
    (folder / f"{name}.json").write_text(json.dumps({"owner_ref": owner_ref}))
    old = time.time() - 120
    os.utime(path, (old, old))


def test_imported_recordings_are_linked_to_the_session_and_the_item(archive_settings, tmp_path):
    session = held_session()
    item = session.agenda.get()
    inbox = tmp_path / "inbox"
    drop(inbox, "toan-phien.mp4", f"recording:session:{session.pk}")
    drop(inbox, "muc-1.mp4", f"recording:session:{session.pk}:item:{item.pk}")
    drop(inbox, "phien-khac.mp4", "recording:session:999999")
    drop(inbox, "bien-ban.pdf", f"session:{session.pk}")  # another module's file: not a recording
    call_command("import_archive")
    assert link_session_recordings() == 2
    linked = {r.entry.original_name: r.agenda_item for r in SessionRecording.objects.select_related("entry")}
    assert linked == {"toan-phien.mp4": None, "muc-1.mp4": item}
    assert AuditEvent.objects.filter(action="recording_linked", object_id=session.pk).count() == 2
    assert link_session_recordings() == 0  # idempotent
