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

A searched list (a WHERE holding `id IN (<UNION of id sets>)`, services/search.py) would run its UNION
twice: once for the count, once more for the page. It reads the page's ids and the count together instead
(`SELECT id, COUNT(*) OVER () … ORDER BY … LIMIT 40 OFFSET …`: the union once), then the page's rows by
those ids alone, the union left out of that second statement (the ids already passed every filter). Two
statements as before, the union in one of them. A scope built the same way (`case_scope_q` of a user who
sees cases through named handling or an agency: `id IN (<UNION>)`) takes the same path, searched or not.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, QuerySet, Window
from django.db.models.lookups import In, IsNull
from django.db.models.sql import Query
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


def _is_union_in(node) -> bool:
    """`pk IN (<a UNION>)`: how services/search.py narrows a list to what a search finds."""
    return (
        isinstance(node, In)
        and isinstance(node.rhs, Query)
        and node.rhs.combinator == "union"
        and getattr(getattr(node.lhs, "target", None), "primary_key", False)
    )


def _without_unions(node):
    """A copy of a WHERE without its `pk IN (<UNION>)` conjuncts (only those ANDed with the rest, never
    one under an OR or a NOT), and how many were left out."""
    if not isinstance(node, WhereNode) or node.negated or node.connector != AND:
        return node, 0
    children, removed = [], 0
    for child in node.children:
        if _is_union_in(child):
            removed += 1
            continue
        child, inner = _without_unions(child)
        removed += inner
        children.append(child)
    return WhereNode(children, AND, node.negated), removed


def searched_by_union(queryset) -> bool:
    """A queryset whose ids come from a search's UNION, in a shape its page can be read once from."""
    if not isinstance(queryset, QuerySet):
        return False
    query = queryset.query
    if (
        not queryset.ordered
        or query.is_sliced
        or query.distinct
        or query.combinator
        or query.group_by
        or query.select_for_update
    ):
        return False
    return _without_unions(query.where)[1] > 0


MAX_OFFSET = 2**63 - 1  # the largest OFFSET PostgreSQL and SQLite take (a signed 64-bit integer)


class EstimatedCountPaginator(Paginator):
    """Django's paginator, counting an unfiltered list of a large table from the statistics, reading
    a deep page's ids before its rows, and a searched page's ids with its count."""

    page_hint = 1  # the page the request asks for: a searched list reads it while it counts (the admin)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._searched_pages = {}  # number → the page's ids, read with the count

    @cached_property
    def count(self):
        if searched_by_union(self.object_list):
            total = self._read_searched_page(self.page_hint)
            if total is not None:
                return total
        estimate = estimated_count(self.object_list)
        return super().count if estimate is None else estimate

    def _read_searched_page(self, number) -> int | None:
        """The ids of page `number` of a searched list and the list's count, in one statement; None when
        the page holds no row of a non-empty list (past the end: counted the usual way)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        bottom = (number - 1) * self.per_page
        if number < 1 or bottom + self.per_page + self.orphans > MAX_OFFSET:
            return None  # not a page, or one no list reaches (an OFFSET past bigint): counted the usual way
        with_total = self.object_list.annotate(tiepdan_total=Window(Count("pk")))
        rows = list(
            with_total.values_list("pk", "tiepdan_total")[bottom : bottom + self.per_page + self.orphans]
        )
        if not rows:
            return 0 if bottom == 0 else None
        total = rows[0][1]
        last_page = bottom + self.per_page + self.orphans >= total
        self._searched_pages[number] = [pk for pk, _total in rows[: None if last_page else self.per_page]]
        return total

    def searched_rows(self, number):
        """The rows of page `number` of a searched list by the ids read with the count, else None."""
        ids = self._searched_pages.get(number)
        if ids is None:
            return None
        queryset = self.object_list._chain()
        queryset.query.where = _without_unions(queryset.query.where)[0]
        return queryset.filter(pk__in=ids)

    def page(self, number):
        if "count" not in self.__dict__ and searched_by_union(self.object_list):  # the API: page first
            total = self._read_searched_page(number)
            if total is not None:
                self.__dict__["count"] = total
        number = self.validate_number(number)
        rows = self.searched_rows(number)
        if rows is not None:
            return self._get_page(rows, number, self)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(late_row_lookup(self.object_list, bottom, top), number, self)
