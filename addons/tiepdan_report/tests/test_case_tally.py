"""The province-wide counts PostgreSQL keeps beside the case table (models/tally.py, issue 13) are the
counts of the live cases after every kind of write — the ORM, a queryset update, bulk creation, raw SQL,
soft delete and restore, a move to another commune, a DELETE — and folding the rows changes no sum.
A leader's dashboard reads them instead of the case table. PostgreSQL only: SQLite keeps no tally."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services.deletion import restore, soft_delete
from addons.tiepdan_case.tests.factories import DAO_THANH, CaseFactory, make_user, unit
from addons.tiepdan_report.models import CaseTally
from addons.tiepdan_report.services import tally
from addons.tiepdan_report.services.dashboard import figures_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the tally is kept by PostgreSQL triggers"),
]
SINCE = dt.date(2000, 1, 1)


def _counted():
    alive = Case.objects.alive()
    return (
        sorted(alive.values_list("state", "case_type").annotate(n=Count("id")).order_by()),
        {m: n for m, n in alive.annotate(m=TruncMonth("received_date")).values_list("m").annotate(n=Count("id")).order_by()},
        list(alive.values_list("unit_id", "unit__name").annotate(n=Count("id")).order_by("-n", "unit__name")[:10]),
    )  # fmt: skip


def _kept():
    return sorted(tally.by_state_type()), tally.by_month(SINCE), tally.top_units(10)


def _same():
    assert _kept() == _counted()


def test_the_tally_counts_the_live_cases_after_every_kind_of_write():
    admin = make_user("quan_tri")
    admin.is_superuser = True
    admin.save()
    first = CaseFactory(state="accepted", received_date=dt.date(2026, 3, 4))
    second = CaseFactory(case_type="to_cao", unit=unit(DAO_THANH), received_date=dt.date(2025, 12, 31))
    CaseFactory(state="closed")
    _same()
    Case.objects.filter(pk=first.pk).update(state="scheduled")  # a queryset update
    Case.objects.filter(pk=second.pk).update(unit=unit("28249"), received_date=dt.date(2026, 1, 2))
    Case.objects.filter(state="closed").update(case_type="kien_nghi", unit=unit(DAO_THANH))
    _same()
    Case.objects.bulk_create([CaseFactory.build(code=f"VV-BULK-{n}", unit=unit(DAO_THANH)) for n in range(4)])
    with connection.cursor() as cursor:  # a raw statement, as the benchmark's fill writes
        cursor.execute(
            "UPDATE tiepdan_case_case SET state = 'received' WHERE code LIKE 'VV-BULK-%%' AND id % 2 = 0"
        )
    _same()
    soft_delete(second, reason="Nhập trùng", actor=admin)
    _same()
    restore(second, actor=admin)
    _same()
    Case.objects.filter(pk=first.pk).update(deleted_at=timezone.now(), deletion_reason="Nhập nhầm")
    _same()
    with connection.cursor() as cursor:  # the ORM refuses a hard delete; the table still may have one
        cursor.execute("DELETE FROM tiepdan_case_case WHERE code LIKE 'VV-BULK-%%'")
    _same()
    assert sum(n for _s, _t, n in tally.by_state_type()) == Case.objects.alive().count() == 2


def test_folding_the_rows_keeps_every_sum_and_leaves_one_row_per_group():
    for state in ("draft", "submitted", "draft", "accepted"):
        CaseFactory(state=state)
    Case.objects.filter(state="draft").update(state="submitted")
    before = _kept()
    assert CaseTally.objects.count() > 4
    tally.compact()
    assert _kept() == before == _counted()
    # one unit row (the commune, submitted or accepted, khieu_nai) per group, one month row
    assert CaseTally.objects.filter(kind="u").count() == 2 and CaseTally.objects.filter(kind="m").count() == 1


def test_emptying_the_case_table_empties_the_tally():
    CaseFactory()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check
        cursor.execute("TRUNCATE tiepdan_case_case CASCADE")
    assert not CaseTally.objects.exists()


def test_a_leaders_dashboard_reads_the_tally_and_not_the_case_table():
    today = timezone.localdate()
    CaseFactory(state="accepted", received_date=today)
    CaseFactory(state="submitted", unit=unit(DAO_THANH), received_date=today)
    leader = make_user("lanh_dao")
    figures_for(leader)  # warm the role cache
    with CaptureQueriesContext(connection) as ctx:
        figures = figures_for(leader)
    read_from = [q["sql"].split(" FROM ", 1)[1].split(" ", 1)[0] for q in ctx.captured_queries]
    assert '"tiepdan_case_case"' not in read_from and '"tiepdan_report_casetally"' in read_from
    assert {f["code"]: f["value"] for f in figures["cases_by_state"]} == {"accepted": 1, "submitted": 1}
    assert figures["received_per_month"][-1]["value"] == 2 and figures["waiting_for_session"]["value"] == 1
    assert sorted(f["value"] for f in figures["cases_by_commune"]) == [1, 1]
