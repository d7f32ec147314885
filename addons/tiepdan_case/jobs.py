"""A tiny registry of periodic jobs, run by `manage.py run_worker` (the compose file's `worker` service).

A module registers its jobs in its own `jobs.py` (imported by the worker through Django's autodiscovery):

    from addons.tiepdan_case.jobs import periodic

    @periodic("session_reminders", every_seconds=300)
    def send_session_reminders():
        ...

A job is a plain function without arguments. It must be idempotent: the worker may run it late, and a
failure is logged and retried at the next interval. The domain work belongs in the module's services/.

Several worker containers may run side by side. Each job has a `WorkerJob` row; a worker claims it with
`SELECT … FOR UPDATE SKIP LOCKED` and writes a lease (`lease_until`) and the next due time, so an
exclusive job runs in one worker at a time and once per interval across all of them. A job registered
with `exclusive=False` (the notification delivery, which claims its own rows the same way) runs in every
worker that is due.
"""

import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from config.request_context import current_request_id

logger = logging.getLogger("tiepdan.worker")

# A worker that dies mid-job gives the job back after this long.
LEASE = dt.timedelta(minutes=15)


@dataclass
class Job:
    name: str
    func: Callable[[], object]
    every_seconds: int
    exclusive: bool = True


_REGISTRY: dict[str, Job] = {}
# Non-exclusive jobs run in every worker: each process keeps its own last start.
_LOCAL_LAST_RUN: dict[str, dt.datetime] = {}


def register(name: str, func: Callable[[], object], every_seconds: int = 60, exclusive: bool = True) -> Job:
    """Register (or replace) a job under a unique name."""
    if every_seconds < 1:
        raise ValueError("every_seconds must be at least 1")
    job = Job(name=name, func=func, every_seconds=every_seconds, exclusive=exclusive)
    _REGISTRY[name] = job
    return job


def periodic(name: str, every_seconds: int = 60, exclusive: bool = True):
    """Decorator form of register()."""

    def decorator(func):
        register(name, func, every_seconds, exclusive)
        return func

    return decorator


def registered_jobs() -> list[Job]:
    return list(_REGISTRY.values())


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim(job: Job, now: dt.datetime, owner: str, force: bool) -> bool:
    """Take the job for this worker if it is due and nobody holds it; never waits for another worker."""
    from django.db import transaction

    from .models import WorkerJob

    if not job.exclusive:
        last = _LOCAL_LAST_RUN.get(job.name)
        if not force and last is not None and (now - last).total_seconds() < job.every_seconds:
            return False
        _LOCAL_LAST_RUN[job.name] = now
        return True
    WorkerJob.objects.bulk_create([WorkerJob(name=job.name)], ignore_conflicts=True)
    with transaction.atomic():
        row = WorkerJob.objects.select_for_update(skip_locked=True).filter(name=job.name).first()
        if row is None:  # another worker is claiming it right now
            return False
        if row.lease_until and row.lease_until > now:
            return False
        if not force and row.next_run_at and row.next_run_at > now:
            return False
        row.last_started_at = now
        row.next_run_at = now + dt.timedelta(seconds=job.every_seconds)
        row.lease_until = now + LEASE
        row.owner = owner
        row.save(update_fields=["last_started_at", "next_run_at", "lease_until", "owner"])
    return True


def _finish(job: Job, owner: str, error: BaseException | None) -> None:
    from django.utils import timezone

    from .models import WorkerJob

    WorkerJob.objects.bulk_create([WorkerJob(name=job.name)], ignore_conflicts=True)
    rows = WorkerJob.objects.filter(name=job.name)
    update = {
        "last_finished_at": timezone.now(),
        "last_ok": error is None,
        "last_error": "" if error is None else f"{type(error).__name__}: {error}"[:1000],
    }
    if job.exclusive:
        rows = rows.filter(owner=owner)
        update["lease_until"] = None
    rows.update(**update)


def run_due_jobs(now: dt.datetime | None = None, force: bool = False) -> dict[str, bool]:
    """Run every job whose interval has passed (every job when `force`) and that no other worker holds;
    {job name: succeeded}. One failing job never stops the others."""
    from django.db import DatabaseError, close_old_connections, connection
    from django.utils import timezone

    def refresh_connections():
        # Drop stale connections between jobs, as a request would; never inside a caller's transaction.
        if not connection.in_atomic_block:
            close_old_connections()

    owner = worker_id()
    results = {}
    for job in registered_jobs():
        refresh_connections()
        try:
            claimed = _claim(job, now or timezone.now(), owner, force)
        except DatabaseError:
            logger.exception("worker: cannot claim job %s (database unavailable?)", job.name)
            results[job.name] = False
            continue
        if not claimed:
            continue
        # One id per run, in every log line the job writes (a delivery replaces it with its request's id).
        token = current_request_id.set(f"job-{uuid.uuid4().hex[:12]}")
        error = None
        try:
            job.func()
        except Exception as exc:
            logger.exception("Periodic job %s failed", job.name)
            error = exc
        finally:
            current_request_id.reset(token)
        results[job.name] = error is None
        refresh_connections()
        try:
            _finish(job, owner, error)
        except DatabaseError:
            logger.exception("worker: cannot record the end of job %s", job.name)
    return results


@periodic("heartbeat", every_seconds=60)
def heartbeat():
    """Its WorkerJob row's `last_finished_at` is the worker heartbeat that `/readyz` reads."""
    logger.info("worker heartbeat: %d periodic job(s) registered", len(_REGISTRY))


@periodic("deliver_notifications", every_seconds=10, exclusive=False)
def deliver_notifications():
    """Send due email and SMS rows of the outbox; every worker helps, each row is claimed by one."""
    from .services.delivery import deliver_due

    report = deliver_due()
    if report.sent or report.retrying or report.failed:
        logger.info(
            "notifications: %d sent, %d to retry, %d failed",
            len(report.sent),
            len(report.retrying),
            len(report.failed),
        )
