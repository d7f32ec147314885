"""Every list of the back office and of the API costs the same number of queries whatever its page size
(issue 13): the demo data (all four modules: cases, bridge sites, sessions, reports) is loaded once, then
each list a user's menu offers is opened with 5 rows a page and with 40, as users of different scopes.
A list that runs a query per row (a missing select_related/prefetch, a per-row count or lookup) costs
35 more queries on the second request and fails here, named."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from config.api_urls import root
from tests.admin_menu import menu_entries
from tests.test_screens_in_vietnamese import demo_data  # noqa: F401 - the module's demo data fixture

pytestmark = pytest.mark.django_db

# A reader of everything who handles everything, one who handles nothing, a commune, a department, the
# technical agencies' view of the bridge, and the administrator (users, outbox, audit).
USERS = ["ban_tcd", "lanh_dao", "ubnd_xa", "so_nganh", "so_khcn", "quan_tri"]
FEW, MANY = 5, 40


def _queries(callable_):
    with CaptureQueriesContext(connection) as ctx:
        response = callable_()
    return response, len(ctx.captured_queries)


def _changelists(user):
    for entry in menu_entries(user):
        yield entry["model"], entry["admin_url"]


def _rows(response) -> int:
    return len(response.context["cl"].result_list)


@pytest.mark.parametrize("username", USERS)
def test_every_admin_list_costs_the_same_with_five_rows_a_page_and_with_forty(
    demo_data,  # noqa: F811
    client,
    monkeypatch,
    username,
):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    growing, measured = [], 0
    for model, url in _changelists(user):
        model_admin = admin.site._registry[model]
        monkeypatch.setattr(model_admin, "list_per_page", FEW)
        client.get(url)  # warm: per-process caches (content types, permissions) are not the list's cost
        few_response, few = _queries(lambda url=url: client.get(url))
        monkeypatch.setattr(model_admin, "list_per_page", MANY)
        many_response, many = _queries(lambda url=url: client.get(url))
        assert few_response.status_code == many_response.status_code == 200, url
        if _rows(many_response) > _rows(few_response):
            measured += 1
            if many > few:
                growing.append(
                    f"{url}: {few} queries for {_rows(few_response)} rows, {many} for {_rows(many_response)}"
                )
    assert not growing, growing
    assert measured >= 3, "the demo data must fill some lists beyond one small page"


def _api_lists():
    for prefix, viewset, _basename in root.registry:
        if hasattr(viewset, "list"):
            yield prefix, viewset


@pytest.mark.parametrize("username", USERS)
def test_every_api_list_costs_the_same_with_five_rows_a_page_and_with_forty(
    demo_data,  # noqa: F811
    monkeypatch,
    username,
):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    growing, measured = [], 0
    for prefix, viewset in _api_lists():
        pagination = viewset.pagination_class
        url = f"/api/v1/{prefix}/"
        if pagination is None:
            continue  # an unpaginated action list has no page size
        monkeypatch.setattr(pagination, "page_size", FEW)
        api.get(url)
        few_response, few = _queries(lambda url=url: api.get(url))
        if few_response.status_code in (403, 404):
            continue  # not this role's resource
        monkeypatch.setattr(pagination, "page_size", MANY)
        many_response, many = _queries(lambda url=url: api.get(url))
        assert few_response.status_code == many_response.status_code == 200, (url, few_response.content[:300])
        rows_few, rows_many = len(few_response.json()["results"]), len(many_response.json()["results"])
        if rows_many > rows_few:
            measured += 1
            if many > few:
                growing.append(f"{url}: {few} queries for {rows_few} rows, {many} for {rows_many}")
    assert not growing, growing
    assert measured >= 1, "the demo data must fill some API lists beyond one small page"
