"""Re-hash every archived file and check every signature; exit 1 listing what does not match."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...services import archive as archive_service


class Command(BaseCommand):
    help = "Verify the signed archive: every file's SHA-256 and size, and every entry's signature."

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new ARCHIVE_SIGNING_KEY and stop."
        )

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(archive_service.generate_key_b64())
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
