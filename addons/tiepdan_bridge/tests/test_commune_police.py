"""Commune police (Công an xã, plan III.6): a `cong_an` user attached to a commune answers the security item
at their commune's site and nowhere else; the province's police answer it everywhere."""

import pytest
from rest_framework.test import APIClient

from addons.tiepdan_bridge.services import checks as check_service
from addons.tiepdan_case.models import UserProfile
from addons.tiepdan_case.services.errors import NotAllowed
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user, unit

from .common import local, site

pytestmark = pytest.mark.django_db


def commune_police(commune=MY_THO):
    user = make_user("cong_an")
    UserProfile.objects.filter(user=user).update(unit=unit(commune))
    user.refresh_from_db()
    return user


def test_commune_police_answer_security_at_their_commune_site_only():
    police = commune_police()
    own, other, province = site(f"XA-{MY_THO}"), site(f"XA-{DAO_THANH}"), site("TINH-TTHN")
    assert check_service.can_answer_item(police, own, "security")
    assert not check_service.can_answer_item(police, other, "security")
    assert not check_service.can_answer_item(police, province, "security")
    assert not check_service.can_answer_item(police, own, "network")
    check = check_service.record_check(make_user("ban_tcd"), other, "chay_thu", local(2026, 11, 20, 10))
    with pytest.raises(NotAllowed, match="III.6"):
        check_service.answer_item(police, check, "security", True)
    mine = check_service.record_check(police, own, "chay_thu", local(2026, 11, 20, 10))
    assert check_service.answer_item(police, mine, "security", True).passed


def test_the_provincial_police_still_answer_security_at_every_site():
    police = make_user("cong_an")
    assert all(
        check_service.can_answer_item(police, site(code), "security") for code in ("XA-28249", "TINH-TTHN")
    )


def test_the_board_shows_commune_police_their_own_site_and_the_security_column():
    from addons.tiepdan_bridge.models import BridgeSite

    police = commune_police()
    shown = check_service.board_sites(police, BridgeSite.objects.visible_to(police))
    assert [s.code for s in shown] == [f"XA-{MY_THO}"]
    assert check_service.items_answered_by(police) == ["security"]


def test_the_api_refuses_commune_police_answering_at_another_communes_site():
    police = commune_police()
    check = check_service.record_check(
        make_user("ban_tcd"), site(f"XA-{DAO_THANH}"), "chay_thu", local(2026, 11, 20, 10)
    )
    client = APIClient()
    client.force_authenticate(police)
    response = client.post(
        f"/api/v1/site-checks/{check.pk}/answer/", {"item": "security", "passed": True}, format="json"
    )
    assert response.status_code == 403
    assert "III.6" in response.json()["detail"]
