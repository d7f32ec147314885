"""The background worker: every few seconds, run the periodic jobs modules registered (see jobs.py).

`python manage.py run_worker` loops until SIGTERM or SIGINT (docker stop), then finishes the job in
progress and exits 0. `--once` runs the due jobs a single time (for cron or a quick check).
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from addons.tiepdan_case import jobs
from config.env import env_int

logger = logging.getLogger("tiepdan.worker")


class Command(BaseCommand):
    help = "Run the registered periodic jobs in a loop until stopped (SIGTERM/SIGINT)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=int,
            default=env_int("WORKER_TICK_SECONDS", 10),
            help="Seconds between checks for due jobs (default: WORKER_TICK_SECONDS or 10).",
        )
        parser.add_argument("--once", action="store_true", help="Run the due jobs once, then exit.")

    def handle(self, *args, interval, once, **options):
        autodiscover_modules("jobs")  # every installed app's jobs.py registers its jobs
        names = ", ".join(job.name for job in jobs.registered_jobs())
        if once:
            results = jobs.run_due_jobs(force=True)
            for name, ok in results.items():
                self.stdout.write(f"{name}: {'ok' if ok else 'FAILED'}")
            return
        stop = threading.Event()

        def request_stop(signum, _frame):
            logger.info("worker: signal %s received, stopping", signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"Worker started (tick {interval}s); jobs: {names}")
        self.stdout.flush()
        while not stop.is_set():
            jobs.run_due_jobs()
            stop.wait(max(1, interval))
        self.stdout.write("Worker stopped.")
