"""`make backup` / `make restore` (issue 12) on PostgreSQL: a backup taken, every table dropped, the backup
restored — every table has its rows again, the case table is the same to the byte, the uploaded and archived
files are back, history is still append-only; a damaged backup is refused before anything is touched."""

import hashlib
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from addons.tiepdan_bridge.tests.archive_support import archive_settings, store  # noqa: F401
from addons.tiepdan_case import append_only
from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.services import backup
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.notifications import notify_users
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="pg_dump/pg_restore back up PostgreSQL; a SQLite database is one file",
    ),
    pytest.mark.usefixtures("archive_settings"),
]


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def case_table_hash() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(coalesce(string_agg(c::text, '|' ORDER BY c.id), '')) FROM tiepdan_case_case c"
        )
        return cursor.fetchone()[0]


def files_of(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def fill():
    board = staff_user("ban_tcd")
    for _ in range(3):
        record_event(CaseFactory(), board, "note", note="Ghi chú trước khi sao lưu")
    notify_users([board], subject="Lịch tiếp", body="...", key="backup")
    store(b"recording bytes", actor=board)
    media = Path(settings.MEDIA_ROOT) / "attachments" / "2026"
    media.mkdir(parents=True, exist_ok=True)
    (media / "don.pdf").write_bytes(b"%PDF-1.4 don thu")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the reference data
def test_a_backup_restored_after_every_table_was_dropped_gives_back_the_same_rows_and_files(
    media_root, tmp_path
):
    fill()
    counts, digest = row_counts(), case_table_hash()
    media, archive = files_of(media_root), files_of(Path(settings.ARCHIVE_ROOT))
    assert counts["tiepdan_case_case"] >= 3 and media and archive

    call_command("backup", dest=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        "archive.tar",
        "database.dump",
        "media.tar",
    ]
    assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    assert connection.introspection.table_names() == []
    shutil.rmtree(media_root)
    shutil.rmtree(settings.ARCHIVE_ROOT)

    call_command("restore", str(folder))

    assert row_counts() == counts
    assert case_table_hash() == digest
    assert files_of(media_root) == media
    assert files_of(Path(settings.ARCHIVE_ROOT)) == archive
    # The triggers came back with the tables: history is still append-only.
    for model in append_only.append_only_models():
        assert append_only.trigger_names(connection, model), model._meta.label
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_backup_is_refused_before_the_database_is_touched(media_root, tmp_path):
    fill()
    folder = backup.make_backup(tmp_path / "backups")
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    Case.objects.all().update(summary="Sau khi sao lưu")
    with pytest.raises(CommandError, match="sai mã SHA-256.*database.dump"):
        call_command("restore", str(folder))
    assert set(Case.objects.values_list("summary", flat=True)) == {"Sau khi sao lưu"}

    (folder / "media.tar").unlink()
    with pytest.raises(CommandError, match="bản sao lưu thiếu: media.tar"):
        call_command("restore", str(folder), verify_only=True)
