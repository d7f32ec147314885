"""Re-hash every archived file and check every signature; exit 1 listing what does not match."""

from django.core.management.base import BaseCommand, CommandError

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
                f"MISMATCH #{entry.pk} {entry.storage_key}: expected {entry.sha256} ({entry.size} bytes), "
                f"found {found} ({size} bytes)"
            )
        for entry in report.missing:
            self.stderr.write(f"MISSING #{entry.pk} {entry.storage_key} ({entry.name})")
        for entry in report.bad_signature:
            self.stderr.write(f"BAD SIGNATURE #{entry.pk} {entry.storage_key} ({entry.name})")
        summary = (
            f"{report.checked} checked, {report.ok} ok, {len(report.mismatched)} changed, "
            f"{len(report.missing)} missing, {len(report.bad_signature)} bad signature."
        )
        if report.problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
