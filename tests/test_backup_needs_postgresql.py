"""`make backup` on the development database (SQLite) says plainly that backups need PostgreSQL, in
Vietnamese, and writes nothing; `make restore` of a folder that is not a backup refuses before anything."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite refusal")
def test_a_backup_of_a_sqlite_database_is_refused_in_vietnamese(tmp_path):
    with pytest.raises(CommandError, match="Sao lưu cần PostgreSQL"):
        call_command("backup", dest=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_restoring_a_folder_without_checksums_is_refused(tmp_path):
    (tmp_path / "database.dump").write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="không có tệp SHA256SUMS"):
        call_command("restore", str(tmp_path))
