import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from addons.tiepdan_bridge.models import ArchiveEntry
from addons.tiepdan_bridge.tests.archive_support import archive_settings  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def inbox(settings) -> Path:
    return Path(settings.ARCHIVE_IMPORT_DIR)


def run(*args):
    call_command("import_archive", "--min-age", "0", *args)


def test_new_files_are_archived_once_with_the_owner_of_their_sidecar(settings):
    folder = inbox(settings)
    (folder / "phien-12.mp4").write_bytes(b"video")
    (folder / "phien-12.mp4.json").write_text(
        json.dumps({"owner_ref": "session:12", "name": "Ghi hình phiên 12"})
    )
    run()
    entry = ArchiveEntry.objects.get()
    assert (entry.name, entry.original_name, entry.owner_ref) == (
        "Ghi hình phiên 12",
        "phien-12.mp4",
        "session:12",
    )
    assert entry.sha256 == hashlib.sha256(b"video").hexdigest()
    assert not (folder / "phien-12.mp4").exists()
    assert (folder / "imported" / "phien-12.mp4").exists()
    assert (folder / "imported" / "phien-12.mp4.json").exists()
    run()
    assert ArchiveEntry.objects.count() == 1


def test_a_file_left_in_place_is_not_archived_twice(settings, monkeypatch):
    from addons.tiepdan_bridge.services import archive as archive_service

    hashed = []
    real_hash = archive_service.hash_stream
    monkeypatch.setattr(archive_service, "hash_stream", lambda fh: hashed.append(1) or real_hash(fh))
    folder = inbox(settings)
    (folder / "bien-ban.pdf").write_bytes(b"pdf")
    run("--owner", "session:3", "--keep")
    assert hashed == []  # a new file is read once, by store_file, not hashed beforehand too
    run("--owner", "session:3", "--keep")
    assert hashed == [1]
    assert ArchiveEntry.objects.filter(owner_ref="session:3").count() == 1
    assert (folder / "bien-ban.pdf").exists()
    (folder / "bien-ban.pdf").write_bytes(b"PDF")  # same name and size, other content: a new record
    run("--owner", "session:3", "--keep")
    assert ArchiveEntry.objects.filter(owner_ref="session:3").count() == 2


def test_a_file_without_an_owner_or_still_being_written_is_left_alone(settings):
    folder = inbox(settings)
    (folder / "unknown.mp4").write_bytes(b"x")
    run()
    assert not ArchiveEntry.objects.exists()
    assert (folder / "unknown.mp4").exists()
    out = io.StringIO()
    call_command("import_archive", "--owner", "session:1", stdout=out)  # default --min-age: too new
    assert not ArchiveEntry.objects.exists()
    assert "tệp đang được ghi, sẽ nhập sau: unknown.mp4" in out.getvalue()  # the operator reads Vietnamese
    (folder / "partial.mp4.part").write_bytes(b"x")
    run("--owner", "session:1")
    assert list(ArchiveEntry.objects.values_list("original_name", flat=True)) == ["unknown.mp4"]
