"""Counts of the live cases for the province-wide dashboard (issue 13), kept by PostgreSQL.

A leader's dashboard counts the whole province: by type, by state, by commune and per month of receipt.
Counted from `tiepdan_case_case` these are scans of a million rows (1.2 s each at full scale), so
PostgreSQL keeps the counts beside the table: statement triggers on the case table (migration
`0006_case_tally_kept_by_triggers`) add one row per changed group to this table on every INSERT, UPDATE,
DELETE (and empty it on TRUNCATE), whatever path wrote (the ORM, `queryset.update`, bulk creation, raw
SQL, the benchmark's fill). A group's count is the SUM of its rows: writers only insert, so two
transactions never wait on one counter row. The worker folds the rows into one per group
(`services.tally.compact`, every few minutes).

Two kinds of rows:
- `KIND_UNIT`: (commune, state, type) → number of live cases;
- `KIND_MONTH`: (first day of the month of receipt) → number of live cases.

Only a user who sees every live case (`scoping.case_scope_q` is empty) reads it; any narrower scope counts
its own cases (services/dashboard.py). On SQLite (development, tests) there are no triggers and the
dashboard always counts the cases themselves.
"""

from django.db import models

KIND_UNIT = "u"
KIND_MONTH = "m"


class CaseTally(models.Model):
    kind = models.CharField(max_length=1, choices=[(KIND_UNIT, "unit"), (KIND_MONTH, "month")])
    unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        null=True,
        on_delete=models.DO_NOTHING,
        db_index=False,
        db_constraint=False,  # a counter, not a reference: a unit is never deleted while it has cases
        related_name="+",
    )
    state = models.CharField(max_length=50, blank=True, default="")
    case_type = models.CharField(max_length=12, blank=True, default="")
    month = models.DateField(null=True)
    n = models.BigIntegerField()

    class Meta:
        verbose_name = "case tally"
        default_permissions = ()
        indexes = [models.Index(fields=["kind", "month"], name="case_tally_kind_month")]

    def __str__(self):
        return f"{self.kind} {self.unit_id} {self.state} {self.case_type} {self.month}: {self.n}"
