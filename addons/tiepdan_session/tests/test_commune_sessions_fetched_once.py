"""A commune clerk's sessions through the commune's cases on an agenda (scoping.session_q): in a GET page
the session ids are fetched once (request_memo.py) and every statement of the page uses them, instead of
running the agenda x cases subquery in each statement (issue 13: five statements on a clerk's home, ~25 ms
each at a million cases). Outside a safe request the filter stays the subquery, evaluated with the
statement. Either way the clerk sees the same sessions."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, unit
from addons.tiepdan_report.tests.sessions import announced_session_with_cases
from addons.tiepdan_session.models import ReceptionSession
from addons.tiepdan_session.tests.common import accepted_case, approved_session, working_day

pytestmark = pytest.mark.django_db
FETCH = 'SELECT "tiepdan_session_agendaitem"."session_id" AS "session_id" FROM "tiepdan_session_agendaitem"'
SUBQUERY = re.compile(
    r'SELECT [A-Z]\d+\."session_id" AS "session_id" FROM "tiepdan_session_agendaitem" [A-Z]\d+ '
    r'INNER JOIN "tiepdan_case_case"'
)


def _sessions_on_the_list(client):
    page = client.get("/tiepdan_session/receptionsession/")
    assert page.status_code == 200
    return {row.pk for row in page.context["cl"].result_list}


def test_a_clerks_home_fetches_the_sessions_of_its_cases_once_and_no_statement_repeats_the_subquery(client):
    p, session, _cases = announced_session_with_cases()
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    client.force_login(clerk)
    client.get("/")
    with CaptureQueriesContext(connection) as home:
        assert client.get("/").status_code == 200
    statements = [q["sql"] for q in home.captured_queries]
    assert sum(s.startswith(FETCH) for s in statements) == 1
    assert not [s for s in statements if SUBQUERY.search(s)]


def test_outside_a_request_the_filter_is_the_subquery_and_the_clerk_sees_the_same_sessions(client):
    p, announced, _cases = announced_session_with_cases()
    other = approved_session(p, day=working_day(20), cases=[accepted_case(DAO_THANH)])  # no case of My Tho
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    assert clerk.profile.unit_id == unit(MY_THO).pk
    service = ReceptionSession.objects.visible_to(clerk)
    assert SUBQUERY.search(str(service.query))  # evaluated with the statement: sees later agendas
    assert set(service.values_list("pk", flat=True)) == {announced.pk}
    client.force_login(clerk)
    assert _sessions_on_the_list(client) == {announced.pk}
    assert other.pk not in _sessions_on_the_list(client)
