"""The case and citizen lists cost a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.models import CaseParticipant
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db

ROWS = 30


def _thirty_cases_with_people():
    for n in range(ROWS):
        protected = n % 3 == 0
        case = CaseFactory(
            case_type="to_cao" if protected else "khieu_nai",
            identity_protection=protected,
            group_size=3,
            state="draft" if n % 2 else "submitted",
        )
        for _ in range(2):
            CaseParticipant.objects.create(case=case, citizen=CitizenFactory(), role="thanh_vien")


def _count(callable_):
    with CaptureQueriesContext(connection) as ctx:
        response = callable_()
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["ban_tcd", "vp_ubnd", "thanh_tra", "lanh_dao", "ubnd_xa"])
def test_the_admin_case_list_costs_the_same_for_three_cases_and_thirty(client, role):
    user = staff_user(role)
    client.force_login(user)
    CaseFactory.create_batch(3)
    _response, few = _count(lambda: client.get(changelist("case")))
    _thirty_cases_with_people()
    response, many = _count(lambda: client.get(changelist("case")))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == ROWS + 3
    assert many <= few + 2, (few, many)


@pytest.mark.parametrize("role", ["ban_tcd", "vp_ubnd", "thanh_tra", "lanh_dao", "ubnd_xa"])
def test_the_api_case_list_costs_the_same_for_three_cases_and_thirty(role):
    api = client_for(staff_user(role))
    CaseFactory.create_batch(3)
    _response, few = _count(lambda: api.get(f"{API}/cases/"))
    _thirty_cases_with_people()
    response, many = _count(lambda: api.get(f"{API}/cases/"))
    assert response.status_code == 200
    assert response.json()["count"] == ROWS + 3
    assert many <= few + 2, (few, many)


def test_the_admin_citizen_list_stays_under_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(staff_user("ban_tcd"))
    _thirty_cases_with_people()
    with django_assert_max_num_queries(15):
        response = client.get(changelist("citizen"))
    assert response.context["cl"].result_count == ROWS * 3


def test_the_api_citizen_list_stays_under_a_fixed_number_of_queries(django_assert_max_num_queries):
    api = client_for(staff_user("ban_tcd"))
    _thirty_cases_with_people()
    with django_assert_max_num_queries(8):
        response = api.get(f"{API}/citizens/?page_size=100")
    assert response.json()["count"] == ROWS * 3


def test_the_admin_reception_list_costs_the_same_for_three_rows_and_thirty(client):
    # A non-handler's shielded rows are redacted with their case's people: prefetched, not per row.
    from addons.tiepdan_case.models import Agency, Case, Reception

    client.force_login(staff_user("vp_ubnd"))

    def receptions_for_all_cases():
        for case in Case.objects.filter(receptions__isnull=True):
            Reception.objects.create(
                case=case,
                received_at="2026-11-02T08:00:00+07:00",
                place="Trụ sở",
                receiving_agency=Agency.objects.get(code="ban-tcd-nc"),
                received_by="Cán bộ",
                direction="thu_ly",
            )

    CaseFactory.create_batch(3, case_type="to_cao", identity_protection=True)
    receptions_for_all_cases()
    _response, few = _count(lambda: client.get(changelist("reception")))
    _thirty_cases_with_people()
    receptions_for_all_cases()
    response, many = _count(lambda: client.get(changelist("reception")))
    assert len(response.context["cl"].result_list) == ROWS + 3
    assert many <= few + 2, (few, many)


@pytest.mark.parametrize("role", ["ban_tcd", "lanh_dao", "ubnd_xa"])
def test_the_admin_citizen_list_costs_the_same_for_three_citizens_and_ninety(client, role):
    client.force_login(staff_user(role))
    CitizenFactory.create_batch(3)
    _response, few = _count(lambda: client.get(changelist("citizen")))
    _thirty_cases_with_people()
    response, many = _count(lambda: client.get(changelist("citizen")))
    assert response.status_code == 200
    assert response.context["cl"].result_count > 3
    assert many <= few + 2, (few, many)


@pytest.mark.parametrize("role", ["ban_tcd", "lanh_dao", "ubnd_xa"])
def test_the_api_citizen_list_costs_the_same_for_three_citizens_and_ninety(role):
    api = client_for(staff_user(role))
    CitizenFactory.create_batch(3)
    _response, few = _count(lambda: api.get(f"{API}/citizens/"))
    _thirty_cases_with_people()
    response, many = _count(lambda: api.get(f"{API}/citizens/"))
    assert response.status_code == 200
    assert response.json()["count"] > 3
    assert many <= few + 2, (few, many)


@pytest.mark.parametrize("role", ["ban_tcd", "lanh_dao", "ubnd_xa"])
def test_a_case_search_page_costs_the_same_for_three_hits_and_thirty(client, role):
    client.force_login(staff_user(role))
    for _ in range(3):
        CaseParticipant.objects.create(case=CaseFactory(), citizen=CitizenFactory(), role="thanh_vien")
    _response, few = _count(lambda: client.get(changelist("case") + "?q=cong+dan"))
    _thirty_cases_with_people()
    response, many = _count(lambda: client.get(changelist("case") + "?q=cong+dan"))
    assert response.context["cl"].result_count > 3
    assert many <= few + 2, (few, many)


def _statements(callable_, needle):
    with CaptureQueriesContext(connection) as ctx:
        response = callable_()
    return response, [q["sql"] for q in ctx.captured_queries if needle in q["sql"]]


@pytest.mark.parametrize("role", ["ban_tcd", "lanh_dao", "ubnd_xa"])
def test_the_admin_case_search_runs_the_search_once_for_the_count_and_the_page(client, role):
    # It ran four times: the count, the page and two date-hierarchy queries (MIN/MAX, the years); then
    # twice (the count, the page); now the page's ids and the count come from one statement.
    client.force_login(staff_user(role))
    _thirty_cases_with_people()
    response, searches = _statements(lambda: client.get(changelist("case") + "?q=cong+dan"), "%cong dan%")
    # A leader does not find the protected denunciations (one in three) by their people's names.
    assert response.context["cl"].result_count == (ROWS * 2 // 3 if role == "lanh_dao" else ROWS)
    assert len(searches) == 1, searches


@pytest.mark.parametrize("model", ["case", "citizen", "reception"])
def test_an_admin_list_counts_its_rows_once(client, model):
    # Never a second count of the whole table for "n of N" (show_full_result_count).
    client.force_login(staff_user("lanh_dao"))
    _thirty_cases_with_people()
    _response, counts = _statements(lambda: client.get(changelist(model) + "?q=cong"), "COUNT(")
    # A searched case list counts with its page's ids (COUNT(…) OVER (), pagination.py): that is its count.
    counts = [
        sql
        for sql in counts
        if f'COUNT(*) AS "__count" FROM "tiepdan_case_{model}"' in sql
        or f'OVER () AS "tiepdan_total" FROM "tiepdan_case_{model}"' in sql
    ]
    assert len(counts) == 1, counts
