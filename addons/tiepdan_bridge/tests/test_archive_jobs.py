import json
import os
import time
from pathlib import Path

import pytest
from django.utils.module_loading import autodiscover_modules

from addons.tiepdan_bridge import jobs as bridge_jobs
from addons.tiepdan_bridge.models import ArchiveEntry
from addons.tiepdan_bridge.tests.archive_support import archive_settings, path_of, store  # noqa: F401
from addons.tiepdan_case import jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def test_the_worker_knows_the_archive_import_and_daily_verification():
    autodiscover_modules("jobs")
    names = {job.name for job in jobs.registered_jobs()}
    assert {"archive_import", "archive_verify"} <= names


def test_the_import_job_archives_files_dropped_in_the_inbox(settings):
    inbox = Path(settings.ARCHIVE_IMPORT_DIR)
    (inbox / "phien-3.mp4").write_bytes(b"ghi hinh")
    (inbox / "phien-3.mp4.json").write_text(json.dumps({"owner_ref": "session:3"}))
    old = time.time() - 3600
    os.utime(inbox / "phien-3.mp4", (old, old))
    bridge_jobs.import_new_recordings()
    assert ArchiveEntry.objects.get().owner_ref == "session:3"


def test_the_import_job_waits_quietly_while_the_inbox_does_not_exist(settings, tmp_path):
    settings.ARCHIVE_IMPORT_DIR = str(tmp_path / "chua-co")
    bridge_jobs.import_new_recordings()
    assert ArchiveEntry.objects.count() == 0


def test_the_daily_verification_reports_a_file_changed_on_disk(settings):
    entry = store(b"ban ghi goc")
    assert bridge_jobs.verify_archive_daily() == 0
    path_of(entry, settings).write_bytes(b"ban ghi bi sua")
    assert bridge_jobs.verify_archive_daily() == 1
