"""The readiness board counts sites (ready / pending / not ready of all of them), not check items; one
failing answer in a final check after a passing one turns its site red at once."""

import re

import pytest
from django.urls import reverse

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import make_user

from .common import local, passing_check, site
from .test_readiness import MONDAY_START, full_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(db):
    return {role: make_user(role) for role in ("so_khcn", "dien_luc", "cong_an")}


def board(client):
    response = client.get(reverse("tiepdan_bridge:board"), {"start": MONDAY_START.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    counts = dict(re.findall(r'data-summary="(\w+)">[^<]*<span data-sites>(\d+)</span>', html))
    colours = dict(re.findall(r'<tr data-site="([^"]+)" data-site-colour="(\w+)"', html))
    return {k: int(v) for k, v in counts.items()}, colours, html


def ready_for_monday(everyone, where):
    full_check(everyone, local(2026, 11, 19, 9), where=where)
    full_check(everyone, local(2026, 11, 23, 6, 30), kind="truoc_gio", where=where)


def test_the_summary_counts_sites_each_as_ready_as_its_worst_item(client, everyone):
    ready_for_monday(everyone, site())
    ready_for_monday(everyone, site("TINH-TTHN"))
    passing_check(everyone["so_khcn"], local(2026, 11, 19, 9), where=site("XA-28249"))  # 3 of 5 items
    client.force_login(staff_user("so_khcn"))
    counts, colours, html = board(client)
    total = BridgeSite.objects.filter(is_active=True).count()
    assert counts == {"green": 2, "amber": 0, "red": total - 2}
    assert f"{total} điểm cầu" in html
    assert colours["XA-28261"] == colours["TINH-TTHN"] == "green"
    assert colours["XA-28249"] == "red"  # three items ready do not make a site a third ready


def test_a_failing_final_check_after_a_passing_one_turns_the_site_red_at_once(client, everyone):
    ready_for_monday(everyone, site())
    client.force_login(staff_user("so_khcn"))
    counts, colours, _html = board(client)
    assert colours["XA-28261"] == "green" and counts["green"] == 1
    passing_check(
        everyone["so_khcn"], local(2026, 11, 23, 6, 50), kind="truoc_gio", items=("network",), passed=False
    )
    counts, colours, _html = board(client)
    assert colours["XA-28261"] == "red" and counts["green"] == 0
