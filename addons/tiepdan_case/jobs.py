"""A tiny registry of periodic jobs, run by `manage.py run_worker` (the compose file's `worker` service).

A module registers its jobs in its own `jobs.py` (imported by the worker through Django's autodiscovery):

    from addons.tiepdan_case.jobs import periodic

    @periodic("session_reminders", every_seconds=300)
    def send_session_reminders():
        ...

A job is a plain function without arguments. It must be idempotent: the worker may run it late, and a
failure is logged and retried at the next interval. The domain work belongs in the module's services/.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("tiepdan.worker")


@dataclass
class Job:
    name: str
    func: Callable[[], object]
    every_seconds: int
    last_run: float | None = field(default=None, compare=False)

    def is_due(self, now: float) -> bool:
        return self.last_run is None or now - self.last_run >= self.every_seconds


_REGISTRY: dict[str, Job] = {}


def register(name: str, func: Callable[[], object], every_seconds: int = 60) -> Job:
    """Register (or replace) a job under a unique name."""
    if every_seconds < 1:
        raise ValueError("every_seconds must be at least 1")
    job = Job(name=name, func=func, every_seconds=every_seconds)
    _REGISTRY[name] = job
    return job


def periodic(name: str, every_seconds: int = 60):
    """Decorator form of register()."""

    def decorator(func):
        register(name, func, every_seconds)
        return func

    return decorator


def registered_jobs() -> list[Job]:
    return list(_REGISTRY.values())


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def run_due_jobs(now: float | None = None, force: bool = False) -> dict[str, bool]:
    """Run every job whose interval has passed (every job when `force`); {job name: succeeded}.
    One failing job never stops the others."""
    from django.db import close_old_connections

    now = time.monotonic() if now is None else now
    results = {}
    for job in registered_jobs():
        if not force and not job.is_due(now):
            continue
        job.last_run = now
        close_old_connections()
        try:
            job.func()
        except Exception:
            logger.exception("Periodic job %s failed", job.name)
            results[job.name] = False
        else:
            results[job.name] = True
        finally:
            close_old_connections()
    return results


@periodic("heartbeat", every_seconds=60)
def heartbeat():
    logger.info("worker heartbeat: %d periodic job(s) registered", len(_REGISTRY))
