"""A searched list reads its page's ids and its count in one statement: the search's UNION runs once per page,
and the page holds the same rows, in the same order, with the same count, as Django's own paginator gives."""

import datetime as dt

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case.api.pagination import EstimatedCountPagination
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.pagination import EstimatedCountPaginator, searched_by_union
from addons.tiepdan_case.services.search import search_cases
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

KEY = "cong dan"  # every factory case's applicant is "Nguyễn Văn Công Dân <n>"


def _cases(n=23):
    for i in range(n):  # four dates: the ordering's id tie-break decides inside each
        CaseFactory(received_date=dt.date(2026, 11, 1 + i % 4), state="draft" if i % 2 else "submitted")
    CaseFactory(applicant=False, title="Không ai tìm thấy")


def _searches(callable_):
    with CaptureQueriesContext(connection) as ctx:
        result = callable_()
    return result, [q["sql"] for q in ctx.captured_queries if f"%{KEY}%" in q["sql"]]


def _searched(user):
    queryset = Case.objects.visible_to(user).order_by("-received_date", "-id")
    return search_cases(user, queryset, KEY)


@pytest.mark.parametrize("orphans", [0, 2])
def test_every_page_holds_what_djangos_paginator_gives_with_the_search_run_once(orphans):
    user = staff_user("ban_tcd")
    _cases()
    expected = Paginator(_searched(user), 5, orphans=orphans)
    for number in expected.page_range:
        paginator = EstimatedCountPaginator(_searched(user), 5, orphans=orphans)
        page, searches = _searches(lambda p=paginator, n=number: list(p.page(n).object_list))
        assert [c.pk for c in page] == [c.pk for c in expected.page(number).object_list]
        assert paginator.count == expected.count == 23
        assert paginator.num_pages == expected.num_pages
        assert len(searches) == 1, searches


def test_the_count_asked_first_reads_the_hinted_page_with_it():
    user = staff_user("ban_tcd")
    _cases()
    paginator = EstimatedCountPaginator(_searched(user), 5)
    paginator.page_hint = 3
    (count, page), searches = _searches(lambda: (paginator.count, list(paginator.page(3).object_list)))
    assert count == 23
    assert [c.pk for c in page] == [c.pk for c in Paginator(_searched(user), 5).page(3).object_list]
    assert len(searches) == 1, searches


def test_a_page_past_the_end_is_still_refused_and_an_empty_search_has_one_empty_page():
    user = staff_user("ban_tcd")
    _cases(3)
    with pytest.raises(EmptyPage):
        EstimatedCountPaginator(_searched(user), 5).page(2)
    nothing = search_cases(user, Case.objects.visible_to(user).order_by("-id"), "khong co ai ten nay")
    paginator = EstimatedCountPaginator(nothing, 5)
    assert list(paginator.page(1).object_list) == []
    assert paginator.count == 0


def test_only_a_search_under_and_takes_this_path():
    user = staff_user("ban_tcd")
    assert searched_by_union(_searched(user))
    assert not searched_by_union(Case.objects.order_by("-id"))
    assert not searched_by_union(_searched(user).order_by())  # no ordering: Django's own slicing
    found = search_cases(user, Case.objects.all(), KEY).values("pk")
    either = Case.objects.filter(pk__in=found) | Case.objects.filter(code="VV-0")
    assert not searched_by_union(either.order_by("-id"))  # under an OR: left in its statement


@pytest.mark.parametrize("role", ["ban_tcd", "lanh_dao", "ubnd_xa"])
def test_the_api_search_runs_its_union_once_and_pages_as_before(role, monkeypatch):
    monkeypatch.setattr(EstimatedCountPagination, "page_size", 10)  # 50 a page otherwise: two pages here
    user = staff_user(role)
    _cases()
    protected = CaseFactory(case_type="to_cao", identity_protection=True)
    api = client_for(user)
    expected = list(_searched(user).values_list("pk", flat=True))
    assert (protected.pk in expected) == (role != "lanh_dao")  # found by a denouncer's name: handlers only
    seen = []
    for number in (1, 2):
        response, searches = _searches(lambda n=number: api.get(f"{API}/cases/?search=cong+dan&page={n}"))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == len(expected)
        assert len(searches) == 1, searches
        seen += [row["id"] for row in body["results"]]
    assert seen == expected[: len(seen)]
    assert api.get(f"{API}/cases/?search=cong+dan&page=99").status_code == 404


def test_the_admin_search_draws_a_deep_page_from_the_ids_read_with_its_count(client):
    client.force_login(staff_user("ban_tcd"))
    for i in range(45):  # 40 rows a page: two pages
        CaseFactory(received_date=dt.date(2026, 11, 1 + i % 3))
    response, searches = _searches(lambda: client.get(changelist("case") + "?q=cong+dan&p=2"))
    assert response.status_code == 200
    cl = response.context["cl"]
    assert cl.result_count == 45
    expected = list(_searched(staff_user("ban_tcd", username="other")).values_list("pk", flat=True))
    assert [c.pk for c in cl.result_list] == expected[40:]
    assert len(searches) == 1, searches


def test_a_department_whose_scope_is_a_union_pages_its_cases_as_before(client):
    # so_nganh sees a case through its agency or through being named a handler: `id IN (<UNION>)`.
    user = staff_user("so_nganh")
    mine = []
    for i in range(45):
        case = CaseFactory(received_date=dt.date(2026, 11, 1 + i % 3))
        if i % 3 == 0:
            case.handlers.add(user)
        elif i % 3 == 1:
            case.assigned_agencies.add(user.profile.agency)
        else:
            continue
        mine.append(case.pk)
    queryset = Case.objects.visible_to(user).order_by("-received_date", "-id")
    assert searched_by_union(queryset)
    expected = Paginator(queryset, 20)
    for number in expected.page_range:
        page = EstimatedCountPaginator(queryset, 20).page(number)
        assert [c.pk for c in page.object_list] == [c.pk for c in expected.page(number).object_list]
        assert page.paginator.count == expected.count == len(mine) == 30
    client.force_login(user)
    cl = client.get(changelist("case")).context["cl"]
    assert cl.result_count == 30
    assert sorted(c.pk for c in cl.result_list) == sorted(mine)


def test_an_admin_search_asked_for_a_page_no_list_reaches_is_refused_as_past_the_end(client):
    client.force_login(staff_user("ban_tcd"))
    _cases(3)
    # 9·10^18 passes row_id, but its OFFSET (×40) is past a 64-bit integer: a database error before.
    huge = client.get(changelist("case") + "?q=cong+dan&p=9000000000000000000")
    past_the_end = client.get(changelist("case") + "?q=cong+dan&p=99")
    assert huge.status_code == past_the_end.status_code != 500
    assert huge.get("Location") == past_the_end.get("Location")
