"""Dashboard figures kept for `FRESH_FOR` (models/figure.py): `kept(name, queryset, compute)` returns the
value `compute()` gave for this very statement at most `FRESH_FOR` ago, or computes it now and keeps it.

Staleness: a kept figure is at most `FRESH_FOR` old (the dashboard shows when it was computed); the next
request after that computes it again. The key is the statement itself (SQL and parameters, the viewer's
scope included), so users of different scopes never share a figure.

A kept figure older than `FRESH_FOR` is never shown again (the next reader computes and overwrites it), and a
statement with a date in it (this year's bounds) changes key when the date does: `forget_stale` deletes such
rows, run by the worker (jobs.py), so the table holds at most one row per statement read in the last hour."""

import datetime as dt
import hashlib
import json

from django.db import connections
from django.utils import timezone

from ..models import StoredFigure

FRESH_FOR = dt.timedelta(minutes=10)


def figure_key(name: str, queryset) -> str:
    """The hash of the figure's name and of the statement `queryset` runs (its SQL and parameters)."""
    sql, params = queryset.query.sql_with_params()
    vendor = connections[queryset.db].vendor
    text = json.dumps([name, vendor, sql, [repr(p) for p in params]], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def kept(name: str, queryset, compute) -> tuple[float | None, dt.datetime]:
    """(value, computed at): the kept value of `name` over `queryset` when fresh, else `compute()` now."""
    key = figure_key(name, queryset)
    now = timezone.now()
    row = StoredFigure.objects.filter(key=key).values_list("value", "computed_at").first()  # the read alias
    if row is not None and now - row[1] < FRESH_FOR:
        return row
    value = compute()
    StoredFigure.objects.bulk_create(  # a write: on the primary
        [StoredFigure(key=key, value=value, computed_at=now)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["value", "computed_at"],
    )
    return value, now


def forget_stale(now: dt.datetime | None = None) -> int:
    """Delete the kept figures older than `FRESH_FOR` (none of them would be shown); how many went."""
    cutoff = (now or timezone.now()) - FRESH_FOR
    deleted, _per_model = StoredFigure.objects.filter(computed_at__lt=cutoff).delete()
    return deleted
