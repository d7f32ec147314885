"""A page after the first reads its ids first, then its rows (issue 13: `OFFSET 19960` over every column
of a million cases took 2.2 s), and shows exactly the rows, in the order, of the plain slice: for every
role's scope, with a filter, with a search, in the admin and in the API."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.api.pagination import EstimatedCountPagination
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.pagination import EstimatedCountPaginator, late_row_lookup
from addons.tiepdan_case.tests.admin_helpers import changelist, rows, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db
PER_PAGE = 2


@pytest.fixture
def cases():
    """Nine cases over two communes, several received on the same day (the id breaks the tie), one of
    them a denunciation, one deleted."""
    made = []
    for n, (commune, day) in enumerate(
        [(MY_THO, 3), (MY_THO, 3), (DAO_THANH, 3), (MY_THO, 2), (MY_THO, 5), (DAO_THANH, 1), (MY_THO, 2)]
    ):
        made.append(
            CaseFactory(
                unit=unit(commune),
                received_date=dt.date(2026, 11, day),
                state="submitted" if n % 2 else "draft",
                applicant=CitizenFactory(full_name=f"Trần Thị Bích {n}" if n % 3 else f"Lê Văn Hùng {n}"),
            )
        )
    made.append(CaseFactory(unit=unit(MY_THO), case_type="to_cao", received_date=dt.date(2026, 11, 2)))
    gone = CaseFactory(unit=unit(MY_THO), received_date=dt.date(2026, 11, 4))
    Case.objects.filter(pk=gone.pk).update(
        deleted_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC), deletion_reason="x"
    )
    return made


def _admin_pages(client, monkeypatch, query=""):
    monkeypatch.setattr(admin.site._registry[Case], "list_per_page", PER_PAGE)
    first = client.get(changelist("case") + "?" + query)
    assert first.status_code == 200
    shown = [case.pk for case in rows(first)]
    for page in range(2, first.context["cl"].paginator.num_pages + 1):
        response = client.get(changelist("case") + f"?{query}&p={page}")
        assert response.status_code == 200
        shown += [case.pk for case in rows(response)]
    return shown


def _expected(user, **filters):
    return list(
        Case.objects.visible_to(user)
        .filter(**filters)
        .order_by("-received_date", "-id")
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("role", ["ban_tcd", "lanh_dao", "ubnd_xa"])
def test_every_page_of_the_case_list_shows_the_rows_of_the_plain_slice_in_order(
    client, monkeypatch, cases, role
):
    user = staff_user(role, commune=MY_THO) if role == "ubnd_xa" else staff_user(role)
    client.force_login(user)
    expected = _expected(user)
    assert len(expected) > 2 * PER_PAGE
    assert _admin_pages(client, monkeypatch) == expected


def test_a_commune_clerks_deep_pages_show_nothing_outside_the_commune(client, monkeypatch, cases):
    user = staff_user("ubnd_xa", commune=MY_THO)
    client.force_login(user)
    shown = Case.objects.filter(pk__in=_admin_pages(client, monkeypatch))
    assert {case.unit.code for case in shown} == {MY_THO}
    assert not shown.filter(deleted_at__isnull=False).exists()


def test_a_filtered_list_pages_through_the_filtered_rows(client, monkeypatch, cases):
    user = staff_user("ban_tcd")
    client.force_login(user)
    assert _admin_pages(client, monkeypatch, "state__exact=draft") == _expected(user, state="draft")


def test_a_search_pages_through_the_cases_found(client, monkeypatch, cases):
    user = staff_user("ban_tcd")
    client.force_login(user)
    found = _admin_pages(client, monkeypatch, "q=tran+thi+bich")
    assert found == _expected(user, participants__citizen__full_name__startswith="Trần Thị Bích")
    assert len(found) > PER_PAGE


def test_the_api_pages_through_the_same_rows(monkeypatch, cases):
    monkeypatch.setattr(EstimatedCountPagination, "page_size", PER_PAGE)
    user = staff_user("lanh_dao")
    api = client_for(user)
    shown, url = [], f"{API}/cases/"
    while url:
        body = api.get(url).json()
        shown += [row["id"] for row in body["results"]]
        url = body["next"]
    assert shown == _expected(user)


def _page_sql(queryset, number):
    with CaptureQueriesContext(connection) as ctx:
        list(EstimatedCountPaginator(queryset, PER_PAGE).page(number))
    return [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "tiepdan_case_case"' in q["sql"] and "COUNT(" not in q["sql"]
    ]


def test_a_page_after_the_first_selects_its_ids_in_a_sliced_subquery(cases):
    queryset = (
        Case.objects.visible_to(staff_user("ban_tcd"))
        .select_related("unit")
        .order_by("-received_date", "-id")
    )
    (deep,) = _page_sql(queryset, 3)
    outer, inner = deep.split(" IN (SELECT ", 1)
    assert "LIMIT" not in outer and "OFFSET" not in outer
    assert "LIMIT 2 OFFSET 4" in inner and "ORDER BY" in inner
    (first,) = _page_sql(queryset, 1)
    assert " IN (SELECT " not in first and "LIMIT 2" in first


def test_shapes_the_lookup_does_not_fit_are_sliced_plainly(cases):
    ordered = Case.objects.order_by("-received_date", "-id")
    for queryset in (ordered.distinct(), ordered.values("unit").distinct(), Case.objects.order_by()):
        sliced = late_row_lookup(queryset, 2, 4)
        assert sliced.query.is_sliced
    assert list(late_row_lookup(ordered, 2, 4)) == list(ordered[2:4])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partial indexes of PostgreSQL")
def test_the_list_indexes_cover_only_live_cases():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tiepdan_case_case' "
            "AND indexname LIKE 'case_alive_%%'"
        )
        found = dict(cursor.fetchall())
    assert set(found) == {
        "case_alive_received",
        "case_alive_unit_received",
        "case_alive_state_type",
        "case_alive_unit_state_type",
    }
    assert all(definition.endswith("WHERE (deleted_at IS NULL)") for definition in found.values())
