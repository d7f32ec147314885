"""Health probes. `/healthz`: the process answers (no database). `/readyz`: this container may take
traffic — the database answers, every migration is applied, the media and archive storages accept a
write, and a worker's heartbeat is recent. Answers name each check and say ok or not, nothing more: no
version, path, host or error text (those go to the log)."""

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

logger = logging.getLogger("tiepdan.health")
_MIGRATED = False  # once every migration is applied it stays so for the life of the process


def healthz(request):
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _migrations():
    global _MIGRATED
    if _MIGRATED:
        return "ok"
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return "pending"
    _MIGRATED = True
    return "ok"


def _writable(storage):
    name = storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    storage.delete(name)
    return "ok"


def _media():
    from django.core.files.storage import default_storage

    return _writable(default_storage)


def _archive():
    from addons.tiepdan_bridge.services.archive import get_archive_storage

    return _writable(get_archive_storage())


def worker_heartbeat():
    from addons.tiepdan_case.models import WorkerJob

    since = timezone.now() - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    beat = WorkerJob.objects.filter(name="heartbeat", last_ok=True).values_list("last_finished_at", flat=True)
    last = beat.first()
    return "ok" if last and last >= since else "stale"


CHECKS = {
    "database": _database,
    "migrations": _migrations,
    "media": _media,
    "archive": _archive,
    "worker": worker_heartbeat,
}


def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        if results.get("database") not in (None, "ok"):
            results[name] = "skipped"  # nothing else can be judged without the database
            continue
        try:
            results[name] = check()
        except Exception as exc:
            logger.warning("readiness check %s failed: %s", name, type(exc).__name__)
            results[name] = "failed"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503
    )
