"""A commune clerk's scope fetches its few extra case ids (named handler, moved away, a directive the
commune leads) in one query before the list's own: once per request, not once per use (issue 13). The
rows stay those of the scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.tests.admin_helpers import changelist, rows, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return staff_user("ubnd_xa", commune=MY_THO)


@pytest.fixture
def cases(clerk):
    mine = CaseFactory(unit=unit(MY_THO))
    named = CaseFactory(unit=unit(DAO_THANH), applicant=CitizenFactory(unit=unit(DAO_THANH)))
    named.handlers.add(clerk)
    other = CaseFactory(unit=unit(DAO_THANH), applicant=CitizenFactory(unit=unit(DAO_THANH)))
    return mine, named, other


def _scope_fetches(request):
    """The queries that fetch the clerk's named-handler ids (the first arm of the scope's UNION)."""
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    fetches = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "tiepdan_case_case_handlers"' in q["sql"].split(" UNION ")[0]
        and q["sql"].lstrip("( ").startswith("SELECT")
    ]
    return response, [sql for sql in fetches if "UNION" in sql]


def test_the_clerks_api_case_list_fetches_its_scope_once(clerk, cases):
    mine, named, other = cases
    api = client_for(clerk)
    api.get(f"{API}/cases/")  # warm
    response, fetches = _scope_fetches(lambda: api.get(f"{API}/cases/"))
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {mine.pk, named.pk}
    assert len(fetches) == 1, fetches


def test_the_clerks_citizen_list_fetches_its_scope_once(client, clerk, cases):
    mine, named, other = cases
    client.force_login(clerk)
    response, fetches = _scope_fetches(lambda: client.get(changelist("citizen")))
    assert response.status_code == 200
    assert {c.pk for c in rows(response)} == {
        mine.participants.get().citizen_id,
        named.participants.get().citizen_id,
    }
    assert len(fetches) == 1, fetches


def test_the_clerks_reception_list_fetches_its_scope_once(client, clerk, cases):
    client.force_login(clerk)
    response, fetches = _scope_fetches(lambda: client.get(changelist("reception")))
    assert response.status_code == 200
    assert len(fetches) == 1, fetches
