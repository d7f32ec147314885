"""The hot lists answer in a fixed number of queries, however many sites, checks and answers there are."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import make_user

from .common import local, passing_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db):
    """Test runs and final checks at 20 sites, answered by three different officers."""
    officers = [make_user("so_khcn") for _n in range(3)]
    for n, where in enumerate(BridgeSite.objects.order_by("code")[:20]):
        passing_check(officers[n % 3], local(2026, 11, 20, 10), where=where)
        passing_check(officers[n % 3], local(2026, 11, 23, 6, 30), kind="truoc_gio", where=where)  # ≤ 07:00


def test_the_board_of_105_sites_does_not_query_per_site(client, history, django_assert_max_num_queries):
    client.force_login(staff_user("so_khcn"))
    # 14 + the unread count of the header's notification bell + the session's second-factor device (issue 12)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("tiepdan_bridge:board"), {"start": "2026-11-23T08:00:00+07:00"})
    assert len(response.context["rows"]) == 105
    assert sum(1 for row in response.context["rows"] for c in row["cells"] if c["colour"] == "green") == 60


def test_the_bridge_sites_api_list_does_not_query_per_site(django_assert_max_num_queries):
    client = APIClient()
    client.force_authenticate(make_user("ban_tcd"))
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/bridge-sites/", {"page_size": 200}).json()
    assert body["count"] == 105
    assert {row["unit"] for row in body["results"] if row["level"] == "xa"} >= {"28261", "28249"}


def test_the_site_checks_api_list_does_not_query_per_check(history, django_assert_max_num_queries):
    client = APIClient()
    client.force_authenticate(make_user("ban_tcd"))
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/site-checks/").json()
    assert body["count"] == 40
    assert all(len(row["items"]) == 3 and row["items"][0]["answered_by"] for row in body["results"])


def test_the_site_checks_admin_list_does_not_query_per_check(client, history, django_assert_max_num_queries):
    client.force_login(staff_user("ban_tcd"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:tiepdan_bridge_sitecheck_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 40
