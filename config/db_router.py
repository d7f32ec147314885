"""Read replica: when DATABASE_REPLICA_URL is set, the reads of dashboards, exports and statistics go to
the replica (a PostgreSQL streaming standby); every other read and every write goes to the primary.

A view opts in with `@replica_reads` (or a block with `reading_from_replica()`); nothing else can reach
the replica, so a form that saves and reads back never sees replication lag.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


@contextlib.contextmanager
def reading_from_replica():
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_reads(view):
    """Decorator for a dashboard, export or statistics view: its queries read from the replica."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            response = view(*args, **kwargs)
            # A template response renders (and queries) after the view returns: render it here. (A DRF
            # Response is rendered later by DRF itself from data already read.)
            if (
                not _is_drf(response)
                and hasattr(response, "render")
                and not getattr(response, "is_rendered", True)
            ):
                response.render()
            if getattr(response, "streaming", False):
                response.streaming_content = _replica_stream(response.streaming_content)
            return response

    return wrapper


def _is_drf(response) -> bool:
    try:
        from rest_framework.response import Response
    except ImportError:  # pragma: no cover - DRF is a dependency
        return False
    return isinstance(response, Response)


def _replica_stream(chunks):
    with reading_from_replica():
        yield from chunks


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: rows from either relate

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None  # `migrate` runs on the primary; a streaming replica follows it
