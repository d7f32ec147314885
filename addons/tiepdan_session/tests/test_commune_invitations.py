"""The commune invites its citizens (plan III.10): delivery and answer, only its own, nothing of others."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..models import Invitation
from .common import accepted_case, admin_url, announced_session, people, site

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    p = people()
    session = announced_session(p, cases=[accepted_case(MY_THO), accepted_case(DAO_THANH)])
    return p, session


def test_the_commune_sees_only_its_own_invitations(client, setup):
    _p, session = setup
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = client.get("/api/v1/invitations/").json()["results"]
    assert len(rows) == 1
    mine = Invitation.objects.get(pk=rows[0]["id"])
    assert mine.agenda_item.case.unit.code == MY_THO
    other = Invitation.objects.exclude(pk=mine.pk).get()
    assert client.get(f"/api/v1/invitations/{other.pk}/").status_code == 404
    assert client.get(admin_url("invitation", "change", other.pk)).status_code == 404


def test_the_commune_records_delivery_and_confirmation(client, setup):
    _p, session = setup
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    mine = Invitation.objects.get(agenda_item__case__unit__code=MY_THO)
    url = f"/api/v1/invitations/{mine.pk}/"
    response = client.patch(url, {"status": "delivered"}, content_type="application/json")
    assert response.status_code == 400 and "delivery_method" in response.json()["fields"]
    response = client.patch(
        url, {"status": "delivered", "delivery_method": "in_person"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    response = client.patch(
        url, {"status": "confirmed", "note": "Sẽ có mặt"}, content_type="application/json"
    )
    mine.refresh_from_db()
    assert mine.status == "confirmed" and mine.delivered_at and mine.responded_at


def test_the_commune_marks_an_invitation_in_the_back_office(client, setup):
    _p, session = setup
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    mine = Invitation.objects.get(agenda_item__case__unit__code=MY_THO)
    data = {"site": mine.site_id, "status": "confirmed", "delivery_method": "phone", "delivered_at_0": "", "delivered_at_1": "",
            "responded_at_0": "", "responded_at_1": "", "note": ""}  # fmt: skip
    response = client.post(admin_url("invitation", "change", mine.pk), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    mine.refresh_from_db()
    assert mine.status == "confirmed"


def test_a_citizen_may_choose_the_central_bridge_only_when_it_joins(client, setup):
    _p, session = setup
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    mine = Invitation.objects.get(agenda_item__case__unit__code=MY_THO)
    response = client.patch(
        f"/api/v1/invitations/{mine.pk}/", {"site": site("TW-BTCD").pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "site" in response.json()["fields"]


def test_another_commune_cannot_touch_the_invitation(client, setup):
    _p, session = setup
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    other = Invitation.objects.get(agenda_item__case__unit__code=MY_THO)
    response = client.patch(
        f"/api/v1/invitations/{other.pk}/",
        {"status": "declined", "delivery_method": "phone"},
        content_type="application/json",
    )
    assert response.status_code == 404
