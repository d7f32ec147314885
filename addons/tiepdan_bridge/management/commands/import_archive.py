"""Pick up new files dropped in settings.ARCHIVE_IMPORT_DIR (the provincial storage) and archive each once.

- The owner reference comes from a sidecar `<file>.json` ({"owner_ref": "session:12", "name": "..."})
  or from --owner; a file with neither is left where it is and reported.
- A file already archived (same original name and SHA-256) is not stored again; only a file with the name
  and size of an entry is hashed beforehand, a new one is read once (by store_file, as it is stored).
- Imported files (and their sidecar) move to `<dir>/imported/`; if they cannot be moved, the
  name + SHA-256 check still keeps them from being archived twice.
- Files changed within --min-age seconds are skipped (they may still be copying); so are hidden files,
  `.part`/`.tmp` files and sidecars.
"""

import json
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...models import ArchiveEntry
from ...services import archive as archive_service

SKIP_SUFFIXES = {".json", ".part", ".tmp", ".crdownload"}
IMPORTED = "imported"


class Command(BaseCommand):
    help = "Archive (hash, store, sign) new files from ARCHIVE_IMPORT_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Folder to scan (default: settings.ARCHIVE_IMPORT_DIR).")
        parser.add_argument(
            "--owner", default="", help='Owner reference, e.g. "session:12", when no sidecar.'
        )
        parser.add_argument("--user", default="", help="Username recorded as the one who stored the files.")
        parser.add_argument("--min-age", type=float, default=30, help="Skip files modified more recently.")
        parser.add_argument("--keep", action="store_true", help="Leave imported files in place.")

    def handle(self, *args, **options):
        folder = Path(options["dir"] or settings.ARCHIVE_IMPORT_DIR)
        if not folder.is_dir():
            raise CommandError(_("Import folder not found: %(folder)s") % {"folder": folder})
        actor = None
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"], is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(_("Unknown user: %(user)s") % {"user": options["user"]}) from None
        now = time.time()
        stored = skipped = already = 0
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            if path.name.startswith(".") or path.suffix.lower() in SKIP_SUFFIXES:
                continue
            if now - path.stat().st_mtime < options["min_age"]:
                self.stdout.write("  " + _("still being written, later: %(file)s") % {"file": path.name})
                skipped += 1
                continue
            sidecar = path.with_name(path.name + ".json")
            meta = self._sidecar(sidecar)
            owner = meta.get("owner_ref") or options["owner"]
            if not owner:
                self.stderr.write(
                    "  "
                    + _("no owner (sidecar %(sidecar)s or --owner), left: %(file)s")
                    % {"sidecar": sidecar.name, "file": path.name}
                )
                skipped += 1
                continue
            # A recording may be gigabytes: hash it beforehand only when an entry of the same name and size
            # exists (a file left in place); store_file hashes a new file as it writes it.
            size = path.stat().st_size
            same = ArchiveEntry.objects.filter(original_name=path.name, size=size)
            existing = None
            if same.exists():
                with path.open("rb") as fh:
                    sha256, _size = archive_service.hash_stream(fh)
                existing = same.filter(sha256=sha256).first()
            if existing:
                already += 1
                self.stdout.write(
                    "  " + _("already archived as #%(id)s: %(file)s") % {"id": existing.pk, "file": path.name}
                )
            else:
                try:
                    with path.open("rb") as fh:
                        entry = archive_service.store_file(
                            fh, meta.get("name") or path.name, owner, actor, original_name=path.name
                        )
                except ValidationError as exc:
                    self.stderr.write(
                        "  "
                        + _("refused %(file)s: %(reason)s")
                        % {"file": path.name, "reason": "; ".join(exc.messages)}
                    )
                    skipped += 1
                    continue
                if entry.size != size:
                    self.stderr.write(
                        "  "
                        + _("%(file)s changed while being archived (entry #%(id)s)")
                        % {"file": path.name, "id": entry.pk}
                    )
                stored += 1
                self.stdout.write(
                    "  "
                    + _("archived #%(id)s %(sha)s %(file)s")
                    % {"id": entry.pk, "sha": entry.sha256, "file": path.name}
                )
            if not options["keep"]:
                self._move_done(folder, path, sidecar)
        self.stdout.write(
            _("%(stored)s archived, %(already)s already archived, %(skipped)s skipped.")
            % {"stored": stored, "already": already, "skipped": skipped}
        )

    def _sidecar(self, sidecar: Path) -> dict:
        if not sidecar.is_file():
            return {}
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.stderr.write(
                "  " + _("unreadable sidecar %(file)s: %(error)s") % {"file": sidecar.name, "error": exc}
            )
            return {}
        return data if isinstance(data, dict) else {}

    def _move_done(self, folder: Path, path: Path, sidecar: Path) -> None:
        done = folder / IMPORTED
        try:
            done.mkdir(exist_ok=True)
            stamp = time.strftime("%Y%m%d%H%M%S")
            for item in (path, sidecar):
                if item.exists():
                    target = done / item.name
                    if target.exists():
                        target = done / f"{stamp}-{item.name}"
                    item.rename(target)
        except OSError as exc:
            self.stderr.write(
                "  "
                + _("could not move %(file)s to %(target)s: %(error)s")
                % {"file": path.name, "target": done, "error": exc}
            )
