"""`manage.py backup [--dest DIR]` (`make backup`): one dated folder with the database (pg_dump custom
format), the media and archive folders (tar) and their SHA-256 checksums (services/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from ...services import backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the signed archive into one dated folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dest", help="Folder that receives the dated backup folder (default var/backups)."
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        try:
            folder = backup.make_backup(options["dest"], alias=options["database"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(folder))
