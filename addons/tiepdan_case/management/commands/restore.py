"""`manage.py restore FOLDER` (`make restore FROM=FOLDER`): checks every SHA-256 of the backup, then
restores the database named by DATABASE_URL (pg_restore --clean) and the media and archive folders."""

from django.core.management.base import BaseCommand, CommandError

from ...services import backup


class Command(BaseCommand):
    help = "Verify a backup folder's checksums, then restore the database and the files from it."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument(
            "--verify-only", action="store_true", help="Only check the checksums; restore nothing."
        )

    def handle(self, *args, **options):
        try:
            if options["verify_only"]:
                backup.verify(options["folder"])
            else:
                backup.restore_backup(options["folder"], alias=options["database"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("OK")
