"""Paginators for the lists of large tables (issue 13): a list of every case counts from statistics.

`SELECT count(*)` over a million cases reads the whole table (half a second and more) on every page of
an unfiltered list. On PostgreSQL the planner already knows how many rows a table has
(`pg_class.reltuples`, kept by ANALYZE and autovacuum): a queryset with no WHERE over a table of more
than `ESTIMATED_COUNT_ABOVE` rows (setting, default 100,000) takes that number. "No WHERE" includes the
soft-delete filter every `visible_to` adds (`deleted_at IS NULL`, issue 12): the few deleted rows are
inside the estimate's own error. A filtered, searched or scoped list — and every list on SQLite or of a
smaller table — is counted exactly.

A page after the first selects its ids first, then its rows (a "late row lookup"): `OFFSET 19960`
over the full rows reads and throws away 19,960 rows of every column with their joins and annotations
(2.2 s for page 500 of a million cases), over the ids it is an index-only scan of the ordering's index.
The page is `… WHERE <the list's filters> AND id IN (SELECT id … ORDER BY … LIMIT 40 OFFSET 19960)
ORDER BY …`: one statement, the same rows in the same order, whatever the filters.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.lookups import IsNull
from django.db.models.sql.where import AND, WhereNode
from django.utils.functional import cached_property

DEFAULT_THRESHOLD = 100_000


def _lookups(node):
    """The lookups of a WHERE that is a plain AND of them (nested ANDs flattened), else None."""
    if not isinstance(node, WhereNode) or node.negated or node.connector != AND:
        return None
    found = []
    for child in node.children:
        if isinstance(child, WhereNode):
            inner = _lookups(child)
            if inner is None:
                return None
            found.extend(inner)
        else:
            found.append(child)
    return found


def only_alive_filter(query) -> bool:
    """True when the WHERE is nothing but the soft-delete filter `deleted_at IS NULL` on the listed table."""
    lookups = _lookups(query.where)
    if not lookups:
        return not query.where
    return all(
        isinstance(lookup, IsNull)
        and lookup.rhs is True
        and getattr(getattr(lookup.lhs, "target", None), "name", None) == "deleted_at"
        and getattr(lookup.lhs, "alias", None) == query.base_table
        for lookup in lookups
    )


def estimated_count(queryset) -> int | None:
    """The planner's row count of an unfiltered queryset over a large PostgreSQL table, else None."""
    if not isinstance(queryset, QuerySet):
        return None
    query = queryset.query
    if (
        not only_alive_filter(query)
        or query.distinct
        or query.combinator
        or query.group_by
        or query.is_sliced
    ):
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
        )
        row = cursor.fetchone()
    threshold = getattr(settings, "ESTIMATED_COUNT_ABOVE", DEFAULT_THRESHOLD)
    if row is None or row[0] is None or row[0] < threshold:  # -1: never analysed
        return None
    return int(row[0])


def late_row_lookup(queryset, bottom: int, top: int):
    """`queryset[bottom:top]`, as the rows whose ids are that slice of the queryset's ordered ids; the
    plain slice for the first rows, and for a queryset the shape does not fit (no ordering, DISTINCT,
    UNION, GROUP BY, a lock, or a database that cannot slice a subquery in IN)."""
    query = queryset.query if isinstance(queryset, QuerySet) else None
    if (
        query is None
        or bottom <= 0
        or not queryset.ordered
        or query.is_sliced
        or query.distinct
        or query.combinator
        or query.group_by
        or query.select_for_update
        or not connections[queryset.db].features.allow_sliced_subqueries_with_in
    ):
        return queryset[bottom:top]
    return queryset.filter(pk__in=queryset.values("pk")[bottom:top])


class EstimatedCountPaginator(Paginator):
    """Django's paginator, counting an unfiltered list of a large table from the statistics, and reading
    a deep page's ids before its rows."""

    @cached_property
    def count(self):
        estimate = estimated_count(self.object_list)
        return super().count if estimate is None else estimate

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(late_row_lookup(self.object_list, bottom, top), number, self)
