"""Re-hash every archived file and check every signature (CMS with the agency's certificate, or Ed25519 for
entries signed before it); exit 1 listing what does not match.

`--export ID --to DIR` writes an entry's manifest, detached CMS signature and certificate chain, so anyone
can check it with `openssl cms -verify -binary -inform DER -in ID.p7s -content ID.manifest.json -CAfile CA`.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...models import ArchiveEntry
from ...services import archive as archive_service


class Command(BaseCommand):
    help = "Verify the signed archive: every file's SHA-256 and size, and every entry's signature."

    def add_arguments(self, parser):
        parser.add_argument("--export", type=int, help="Write this entry's manifest and signature and stop.")
        parser.add_argument("--to", default=".", help="Folder for --export (default: the current one).")

    def handle(self, *args, **options):
        if options["export"]:
            entry = ArchiveEntry.objects.filter(pk=options["export"]).first()
            if entry is None:
                raise CommandError(_("No archive entry #%(id)s.") % {"id": options["export"]})
            try:
                paths = archive_service.export_signature(entry, Path(options["to"]))
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            for path in paths.values():
                self.stdout.write(str(path))
            return
        report = archive_service.verify_all()
        for entry, found, size in report.mismatched:
            self.stderr.write(
                _(
                    "CHANGED #%(id)s %(key)s: expected %(sha)s (%(size)s bytes), found %(found)s (%(found_size)s bytes)"
                )
                % {
                    "id": entry.pk,
                    "key": entry.storage_key,
                    "sha": entry.sha256,
                    "size": entry.size,
                    "found": found,
                    "found_size": size,
                }
            )
        for entry in report.missing:
            self.stderr.write(
                _("MISSING #%(id)s %(key)s (%(name)s)")
                % {"id": entry.pk, "key": entry.storage_key, "name": entry.name}
            )
        for entry in report.bad_signature:
            self.stderr.write(
                _("BAD SIGNATURE #%(id)s %(key)s (%(name)s)")
                % {"id": entry.pk, "key": entry.storage_key, "name": entry.name}
            )
        summary = _(
            "%(checked)s checked, %(ok)s intact, %(changed)s changed, %(missing)s missing, "
            "%(bad)s with a bad signature."
        ) % {
            "checked": report.checked,
            "ok": report.ok,
            "changed": len(report.mismatched),
            "missing": len(report.missing),
            "bad": len(report.bad_signature),
        }
        if report.problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
