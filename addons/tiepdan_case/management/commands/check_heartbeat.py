"""`manage.py check_heartbeat`: exit 0 when a worker's heartbeat is recent (the compose health check of
the worker container; /readyz checks the same for the web containers)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from config.health import worker_heartbeat


class Command(BaseCommand):
    help = "Exit 0 when a worker heartbeat is younger than WORKER_HEARTBEAT_MAX_AGE, else 1."

    def handle(self, *args, **options):
        if worker_heartbeat() != "ok":
            raise CommandError(_("No worker heartbeat is recent enough."))
        self.stdout.write(_("Worker heartbeat is recent."))
