"""Backups (issue 12): the database, the uploaded files and the signed archive, taken together, and a
restore that first proves the backup is whole.

A backup is one dated folder (settings.BACKUP_ROOT, `var/backups/`, or `--dest`: `…/2026-12-01T020000Z/`):
- `database.dump`  pg_dump custom format (compressed; pg_restore can restore any table of it);
- `media.tar`      the uploaded files (MEDIA_ROOT);
- `archive.tar`    the signed archive (ARCHIVE_ROOT);
- `SHA256SUMS`     the SHA-256 of each of them, in `sha256sum` format (`sha256sum -c SHA256SUMS` checks it).

`restore` refuses a folder whose files are missing or do not match their checksum, before it touches
anything; then pg_restore's the dump into the configured database (`--clean --if-exists`, one
transaction) and unpacks the two folders. With `MEDIA_STORAGE=s3`/`ARCHIVE_STORAGE=s3` the files live in the
bucket: its own versioning/replication backs them up, and the tar files are empty.
"""

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

DUMP, MEDIA, ARCHIVE, SUMS = "database.dump", "media.tar", "archive.tar", "SHA256SUMS"
FILES = (DUMP, MEDIA, ARCHIVE)


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    """pg_dump/pg_restore from the PATH, else from PostgreSQL 15's Debian folder (same major as the server)."""
    return shutil.which(name) or f"/usr/lib/postgresql/15/bin/{name}"


def _libpq_env(alias: str) -> dict:
    """The database of `alias` as libpq environment variables (the password never on a command line)."""
    db = settings.DATABASES[alias]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            _("Backups need PostgreSQL (DATABASE_URL=postgres://…); a SQLite database is one file: copy it.")
        )
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        error = result.stderr.strip()[-2000:]
        raise BackupError(_("%(tool)s failed: %(error)s") % {"tool": Path(args[0]).name, "error": error})


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tar(source: Path, target: Path) -> None:
    with tarfile.open(target, "w") as tar:
        if source.is_dir():
            for child in sorted(source.iterdir()):
                tar.add(child, arcname=child.name)


def make_backup(root: Path | None = None, *, alias: str = "default", now=None) -> Path:
    """Writes one dated backup folder under `root` (settings.BACKUP_ROOT) and returns it."""
    root = Path(root or settings.BACKUP_ROOT)
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    folder = root / stamp.strftime("%Y-%m-%dT%H%M%SZ")
    env = _libpq_env(alias)
    folder.mkdir(parents=True, exist_ok=False)
    try:
        _run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={folder / DUMP}"],
            env,
        )
        _tar(Path(settings.MEDIA_ROOT), folder / MEDIA)
        _tar(Path(settings.ARCHIVE_ROOT), folder / ARCHIVE)
        lines = [f"{sha256_of(folder / name)}  {name}\n" for name in FILES]
        (folder / SUMS).write_text("".join(lines), encoding="ascii")
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)  # never leave a half backup that looks like a whole one
        raise
    return folder


def verify(folder: Path) -> None:
    """Raises BackupError unless every file of the backup is there and matches SHA256SUMS."""
    folder = Path(folder)
    sums = folder / SUMS
    if not sums.is_file():
        raise BackupError(
            _("%(folder)s: no %(sums)s file: not a backup made by `make backup`.")
            % {"folder": folder, "sums": SUMS}
        )
    expected = {}
    for line in sums.read_text(encoding="ascii").splitlines():
        digest, _sep, name = line.partition("  ")
        expected[name.strip()] = digest.strip()
    missing = [name for name in FILES if name not in expected or not (folder / name).is_file()]
    if missing:
        raise BackupError(
            _("%(folder)s: missing from the backup: %(files)s.")
            % {"folder": folder, "files": ", ".join(missing)}
        )
    wrong = [name for name in FILES if sha256_of(folder / name) != expected[name]]
    if wrong:
        raise BackupError(
            _("%(folder)s: checksum mismatch (damaged or altered): %(files)s.")
            % {"folder": folder, "files": ", ".join(wrong)}
        )


def _untar(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r") as tar:
        tar.extractall(target, filter="data")  # no absolute paths, no "..", no device files


def restore_backup(folder: Path, *, alias: str = "default") -> None:
    """Verifies the checksums, then restores the database of `alias` and the two folders."""
    folder = Path(folder)
    verify(folder)
    env = _libpq_env(alias)
    connections[alias].close()  # our own connection holds nothing while the tables are replaced
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(folder / DUMP),
        ],
        env,
    )
    _untar(folder / MEDIA, Path(settings.MEDIA_ROOT))
    _untar(folder / ARCHIVE, Path(settings.ARCHIVE_ROOT))
