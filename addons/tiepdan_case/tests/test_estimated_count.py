"""An unfiltered list of a large table counts from PostgreSQL's statistics; everything else exactly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.pagination import EstimatedCountPaginator, estimated_count, only_alive_filter
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics of PostgreSQL")


def _counts(callable_):
    with CaptureQueriesContext(connection) as ctx:
        result = callable_()
    # Only the list's own count: other counts on the page (the header's unread-notice badge) are not it.
    return result, [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and 'FROM "tiepdan_case_case"' in q["sql"]
    ]


def _analyse():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tiepdan_case_case")


def test_a_small_table_is_counted_exactly(settings):
    CaseFactory.create_batch(3)
    _analyse() if connection.vendor == "postgresql" else None
    paginator = EstimatedCountPaginator(Case.objects.all(), 50)
    (count, counted) = _counts(lambda: paginator.count)
    assert count == 3
    assert len(counted) == 1


def test_sqlite_always_counts_exactly(settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite has no statistics to read")
    settings.ESTIMATED_COUNT_ABOVE = 0
    CaseFactory.create_batch(2)
    assert estimated_count(Case.objects.all()) is None
    assert EstimatedCountPaginator(Case.objects.all(), 50).count == 2


@on_postgres
def test_an_unfiltered_list_of_a_large_table_takes_the_planners_estimate(client, settings):
    settings.ESTIMATED_COUNT_ABOVE = 1  # "large" for the test
    CaseFactory.create_batch(4)
    _analyse()
    client.force_login(staff_user("ban_tcd"))
    response, counted = _counts(lambda: client.get(changelist("case")))
    assert response.context["cl"].result_count == 4  # reltuples after ANALYZE of a tiny table is exact
    assert counted == []


@on_postgres
def test_a_filtered_list_is_counted_exactly(client, settings):
    settings.ESTIMATED_COUNT_ABOVE = 1
    CaseFactory.create_batch(3)
    CaseFactory(state="submitted")
    _analyse()
    client.force_login(staff_user("ban_tcd"))
    response, counted = _counts(lambda: client.get(changelist("case") + "?state__exact=submitted"))
    assert response.context["cl"].result_count == 1
    assert len(counted) == 1


@on_postgres
def test_a_scoped_list_is_counted_exactly(client, settings):
    # A commune clerk's list has its scope in the WHERE: an estimate of the whole table would be wrong.
    settings.ESTIMATED_COUNT_ABOVE = 1
    CaseFactory.create_batch(3)
    _analyse()
    client.force_login(staff_user("ubnd_xa"))
    response, counted = _counts(lambda: client.get(changelist("case")))
    assert response.context["cl"].result_count == 3
    assert len(counted) == 1


@on_postgres
def test_the_api_list_takes_the_estimate_too(settings):
    settings.ESTIMATED_COUNT_ABOVE = 1
    CaseFactory.create_batch(4)
    _analyse()
    response, counted = _counts(lambda: client_for(staff_user("ban_tcd")).get(f"{API}/cases/"))
    assert response.json()["count"] == 4
    assert counted == []


def test_the_soft_delete_filter_alone_still_counts_as_an_unfiltered_list():
    # Every visible_to adds `deleted_at IS NULL` (issue 12); the estimate must survive it.
    assert only_alive_filter(Case.objects.all().query)
    assert only_alive_filter(Case.objects.alive().query)
    assert only_alive_filter(Case.objects.visible_to(staff_user("ban_tcd")).query)
    assert not only_alive_filter(Case.objects.deleted().query)
    assert not only_alive_filter(Case.objects.alive().filter(state="submitted").query)
    assert not only_alive_filter(Case.objects.visible_to(staff_user("ubnd_xa")).query)
