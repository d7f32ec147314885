"""A commune clerk also sees a few cases outside the commune (named as handler, moved away from the
commune that registered them). Their ids are fetched first and the scope stays one condition on the
commune index's columns, `unit_id IN (…) AND COALESCE(unit_id = X OR id IN (…), false)`: a bare OR was
planned as a BitmapOr reading every row of the commune from the table (issue 13). The rows are the same."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.admin_helpers import changelist, rows, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return staff_user("ubnd_xa", commune=MY_THO)


def _elsewhere(**kwargs):
    return CaseFactory(unit=unit(DAO_THANH), applicant=CitizenFactory(unit=unit(DAO_THANH)), **kwargs)


@pytest.fixture
def cases(clerk):
    mine = [CaseFactory(unit=unit(MY_THO)) for _ in range(3)]
    named = _elsewhere()
    named.handlers.add(clerk)
    moved = _elsewhere(registered_unit=unit(MY_THO))
    gone = _elsewhere()
    gone.handlers.add(clerk)
    Case.objects.filter(pk=gone.pk).update(deleted_at="2026-11-20T00:00:00Z", deletion_reason="nhập trùng")
    others = [_elsewhere() for _ in range(2)]
    return mine, named, moved, others


def test_the_clerk_lists_the_commune_and_the_cases_elsewhere_it_handles(client, monkeypatch, clerk, cases):
    mine, named, moved, _others = cases
    expected = {case.pk for case in (*mine, named, moved)}
    client.force_login(clerk)
    assert {case.pk for case in rows(client.get(changelist("case")))} == expected
    monkeypatch.setattr(admin.site._registry[Case], "list_per_page", 2)
    paged = []
    for page in (1, 2, 3):
        response = client.get(changelist("case") + f"?p={page}")
        assert response.context["cl"].result_count == 5
        paged += [case.pk for case in rows(response)]
    assert paged == list(
        Case.objects.filter(pk__in=expected).order_by("-received_date", "-id").values_list("pk", flat=True)
    )
    assert {row["id"] for row in client_for(clerk).get(f"{API}/cases/").json()["results"]} == expected


def test_the_cases_elsewhere_do_not_turn_the_commune_filter_into_an_or(client, clerk, cases):
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as ctx:
        client.get(changelist("case"))
    (count,) = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "tiepdan_case_case"')
    ]
    where = count.split(" WHERE ", 1)[1]
    assert "COALESCE(" in where
    assert f'"tiepdan_case_case"."unit_id" IN ({unit(MY_THO).pk}, {unit(DAO_THANH).pk})' in where
    assert where.count(" OR ") == 1 and where.index(" OR ") > where.index("COALESCE(")


def test_a_clerk_with_nothing_elsewhere_has_the_bare_commune_filter(client, clerk):
    CaseFactory(unit=unit(MY_THO))
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as ctx:
        client.get(changelist("case"))
    (count,) = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "tiepdan_case_case"')
    ]
    assert count.endswith(
        f'WHERE ("tiepdan_case_case"."deleted_at" IS NULL AND "tiepdan_case_case"."unit_id" = {unit(MY_THO).pk})'
    )
