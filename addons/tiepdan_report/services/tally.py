"""The province-wide case counts kept by PostgreSQL (models/tally.py): reading them, and folding the
triggers' rows into one row per group (the worker, jobs.py)."""

from django.db import connections, router
from django.db.models import Q, Sum

from addons.tiepdan_case.scoping import case_scope_q

from ..models import CaseTally
from ..models.tally import KIND_MONTH, KIND_UNIT

# One statement: the rows it deletes are the rows it sums, so a delta a writer commits meanwhile stays as
# its own row and is folded next time; two folds at once cannot count a row twice (the second one waits
# on the first one's rows, which are gone when it goes on).
COMPACT_SQL = """
WITH gone AS (DELETE FROM tiepdan_report_casetally RETURNING kind, unit_id, state, case_type, month, n)
INSERT INTO tiepdan_report_casetally (kind, unit_id, state, case_type, month, n)
SELECT kind, unit_id, state, case_type, month, sum(n) FROM gone
GROUP BY kind, unit_id, state, case_type, month HAVING sum(n) <> 0
"""


def kept() -> bool:
    """Whether the database keeps the tally (PostgreSQL: the triggers of migration 0006)."""
    return connections[router.db_for_read(CaseTally)].vendor == "postgresql"


def sees_every_case(user) -> bool:
    """`Case.objects.visible_to(user)` is every live case (the scope adds no filter): the tally is theirs."""
    q = case_scope_q(user)
    return q is not None and q == Q()


def by_state_type():
    """[(state, case_type, live cases)] with a count above zero."""
    return list(
        CaseTally.objects.filter(kind=KIND_UNIT)
        .values_list("state", "case_type")
        .annotate(total=Sum("n"))
        .filter(total__gt=0)
        .order_by()
    )


def top_units(limit: int):
    """[(unit_id, unit name, live cases)], most cases first, then by name (as the case count orders them)."""
    return list(
        CaseTally.objects.filter(kind=KIND_UNIT, unit__isnull=False)
        .values_list("unit_id", "unit__name")
        .annotate(total=Sum("n"))
        .filter(total__gt=0)
        .order_by("-total", "unit__name")[:limit]
    )


def by_month(since):
    """{first day of month: live cases received that month} from `since` (a first day of a month) on."""
    return dict(
        CaseTally.objects.filter(kind=KIND_MONTH, month__gte=since)
        .values_list("month")
        .annotate(total=Sum("n"))
        .filter(total__gt=0)
        .order_by()
    )


def compact() -> None:
    """Fold the rows of each group into one (run by the worker; the sums do not change)."""
    if connections["default"].vendor != "postgresql":
        return
    with connections["default"].cursor() as cursor:
        cursor.execute(COMPACT_SQL)
