"""The case page costs a fixed number of queries for each role, whatever the number of people, receptions
and history lines of the case (issue 13: the commune clerk's page ran 107 queries, a query or three per
citizen and twelve fetches of the same scope). Each role opens a case with one of each, then the same
case with eight people, six receptions and forty history lines; both counts must equal the pinned one.
A page that starts asking per row, or asks again for what it already knows, fails here, named."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.models import CaseParticipant
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.tests.admin_helpers import change, staff_user
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory, register_row

pytestmark = pytest.mark.django_db

# (role, case state, a protected denunciation?) → queries of one GET of the case page.
PINNED = {
    ("ban_tcd", "received", False): 20,
    ("ban_tcd", "closed", False): 17,
    ("lanh_dao", "received", False): 18,  # 19 while the read-only people had a citizen picker
    ("ubnd_xa", "received", False): 17,
    ("ubnd_xa", "draft", False): 23,
    ("thanh_tra", "received", True): 19,
    ("ban_tcd", "received", True): 22,
    ("so_nganh", "received", False): 18,
}


def _grow(case, people, receptions, history):
    for _ in range(people):
        CaseParticipant.objects.create(
            case=case, citizen=CitizenFactory(unit=case.unit), role="nguoi_dung_don"
        )
    for _ in range(receptions):
        register_row(case)
    for n in range(history):
        record_event(case, None, "note", note=f"Ghi chú {n}")


def _queries(client, url):
    client.get(url)  # warm: per-process caches (content types, permissions) are not the page's cost
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize(("role", "state", "protected"), list(PINNED))
def test_the_case_page_costs_the_same_queries_with_one_person_and_with_many(client, role, state, protected):
    extra = {"case_type": "to_cao", "identity_protection": True} if protected else {}
    case = CaseFactory(state=state, **extra)
    _grow(case, people=0, receptions=1, history=1)
    user = staff_user(role)
    if role == "so_nganh":  # a department sees the cases assigned to it
        case.assigned_agencies.add(user.profile.agency)
    client.force_login(user)
    url = change("case", case.pk)
    few, few_sql = _queries(client, url)
    _grow(case, people=7, receptions=5, history=39)
    many, many_sql = _queries(client, url)
    assert many == few, "\n".join(q for q in many_sql if q not in few_sql) or many_sql
    assert few == PINNED[(role, state, protected)], "\n".join(few_sql)
