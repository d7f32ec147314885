"""Readiness, site checks, incidents and the board with impossible or out-of-range date-times (issue 6,
"No 500"): the API answers 400 in the error format, the screens show their default, never a 500."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for

from .common import site

pytestmark = pytest.mark.django_db

BAD_STARTS = [
    "2026-13-45T08:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59+14:00",
    "1899-12-31T08:00:00+07:00",
    "2026-12-01T08:00:00+99:00",
    "not a date",
]


@pytest.fixture
def board(db):
    return staff_user("ban_tcd")


@pytest.mark.parametrize("start", BAD_STARTS)
def test_readiness_with_an_impossible_start_is_400(board, start):
    response = client_for(board).get(f"{API}/site-checks/readiness/", {"sites": site().pk, "start": start})
    assert "start" in assert_error(response, 400, "invalid")["fields"]


@pytest.mark.parametrize("start", BAD_STARTS)
@pytest.mark.parametrize("resource", ["site-checks", "incidents"])
@pytest.mark.parametrize("param", ["from", "to"])
def test_list_filters_with_an_impossible_date_time_are_400(board, start, resource, param):
    response = client_for(board).get(f"{API}/{resource}/", {param: start})
    assert param in assert_error(response, 400, "invalid")["fields"]


def test_a_date_time_at_the_bounds_still_filters(board):
    response = client_for(board).get(
        f"{API}/incidents/", {"from": "1900-01-01T00:00:00+07:00", "to": "9998-12-31T23:59:59-23:59"}
    )
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("start", BAD_STARTS)
def test_the_board_with_an_impossible_start_shows_the_next_working_day(client, board, start):
    client.force_login(board)
    response = client.get(reverse("tiepdan_bridge:board"), {"start": start})
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"started_at__year": "99999999999"},
        {"started_at__year": "2026", "started_at__month": "99999999999"},
        {"started_at__year": "9999", "started_at__month": "12", "started_at__day": "31"},
        {"started_at__year": "0"},
        {"started_at__gte": "2026-13-45"},
        {"started_at__gte": "0001-01-01", "started_at__lt": "9999-12-31"},
    ],
)
def test_the_incident_list_with_an_impossible_date_filter_is_not_a_server_error(client, board, params):
    client.force_login(board)
    response = client.get(reverse("admin:tiepdan_bridge_incident_changelist"), params)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
