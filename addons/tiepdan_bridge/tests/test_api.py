import pytest
from rest_framework.test import APIClient

from addons.tiepdan_bridge.models import Incident
from addons.tiepdan_case.tests.factories import MY_THO, make_user

from .common import local, passing_check, site

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_bridge_sites_carry_the_contract_fields():
    body = api(make_user("ban_tcd")).get("/api/v1/bridge-sites/", {"unit": MY_THO, "level": "xa"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert {"id", "code", "name", "level", "unit", "address"} <= set(row)
    assert (row["code"], row["level"], row["unit"]) == ("XA-28261", "xa", MY_THO)


def test_a_commune_user_gets_404_for_another_communes_site():
    client = api(make_user("ubnd_xa", commune=MY_THO))
    assert client.get(f"/api/v1/bridge-sites/{site('XA-28249').pk}/").status_code == 404
    assert client.get(f"/api/v1/bridge-sites/{site().pk}/").status_code == 200
    assert client.get("/api/v1/bridge-sites/abc/").status_code == 404


def test_answering_an_item_of_another_agency_is_403_in_the_api():
    khcn = make_user("so_khcn")
    check = api(khcn).post(
        "/api/v1/site-checks/",
        {
            "site": site().pk,
            "kind": "chay_thu",
            "at": "2026-11-20T10:00:00+07:00",
            "answers": [{"item": "network", "passed": True, "note": ""}],
        },
        format="json",
    )
    assert check.status_code == 201, check.json()
    assert check.json()["items"][0]["answered_by"] == khcn.username
    refused = api(make_user("dien_luc")).post(
        f"/api/v1/site-checks/{check.json()['id']}/answer/",
        {"item": "security", "passed": True},
        format="json",
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    ok = api(make_user("dien_luc")).post(
        f"/api/v1/site-checks/{check.json()['id']}/answer/", {"item": "power", "passed": True}, format="json"
    )
    assert ok.status_code == 200
    assert {i["item"] for i in ok.json()["items"]} == {"network", "power"}


def test_the_readiness_endpoint_answers_for_sites_and_a_start():
    passing_check(make_user("so_khcn"), local(2026, 11, 20, 10))
    body = (
        api(make_user("ban_tcd"))
        .get(
            "/api/v1/site-checks/readiness/", {"sites": str(site().pk), "start": "2026-11-23T08:00:00+07:00"}
        )
        .json()
    )
    assert body["test_run_deadline"] == "2026-11-20"
    assert body["test_runs_since"] == "2026-11-16T00:00:00+07:00"
    assert body["ready"] is False
    ok = {i["item"] for i in body["items"] if i["test_run_ok"]}
    assert ok == {"network", "audio_video", "recording"}


def test_incidents_are_recorded_by_operators_and_queried_by_sites_and_time_range():
    operator = make_user("ban_tcd")
    client = api(operator)
    made = client.post(
        "/api/v1/incidents/",
        {
            "site": site().pk,
            "kind": "connection",
            "started_at": "2026-11-20T09:10:00+07:00",
            "ended_at": "2026-11-20T09:14:00+07:00",
            "note": "Mất kết nối 4 phút",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert Incident.objects.get().recorded_by == operator
    inside = client.get(
        "/api/v1/incidents/",
        {"sites": site().pk, "from": "2026-11-20T09:00:00+07:00", "to": "2026-11-20T11:00:00+07:00"},
    ).json()
    assert inside["count"] == 1
    outside = client.get(
        "/api/v1/incidents/",
        {"sites": site().pk, "from": "2026-11-20T10:00:00+07:00", "to": "2026-11-20T11:00:00+07:00"},
    ).json()
    assert outside["count"] == 0
    # Either bound alone, without sites: the same overlap rule.
    assert client.get("/api/v1/incidents/", {"from": "2026-11-20T09:12:00+07:00"}).json()["count"] == 1
    assert client.get("/api/v1/incidents/", {"from": "2026-11-20T09:15:00+07:00"}).json()["count"] == 0
    assert client.get("/api/v1/incidents/", {"to": "2026-11-20T09:09:00+07:00"}).json()["count"] == 0
    refused = api(make_user("dien_luc")).post(
        "/api/v1/incidents/",
        {"site": site().pk, "kind": "power", "started_at": "2026-11-20T09:10:00+07:00"},
        format="json",
    )
    assert refused.status_code == 403


def test_an_incident_cannot_end_before_it_began():
    response = api(make_user("ban_tcd")).post(
        "/api/v1/incidents/",
        {
            "site": site().pk,
            "kind": "video",
            "started_at": "2026-11-20T09:10:00+07:00",
            "ended_at": "2026-11-20T09:00:00+07:00",
        },
        format="json",
    )
    assert response.status_code == 400


def test_a_commune_user_maintains_through_the_api_only_its_own_site_and_fields():
    client = api(make_user("ubnd_xa", commune=MY_THO))
    own = client.patch(f"/api/v1/bridge-sites/{site().pk}/", {"room": "Hội trường"}, format="json")
    assert own.status_code == 200 and own.json()["room"] == "Hội trường"
    assert (
        client.patch(f"/api/v1/bridge-sites/{site().pk}/", {"can_host": True}, format="json").status_code
        == 403
    )
    hall = site("TINH-TTHN")
    assert client.patch(f"/api/v1/bridge-sites/{hall.pk}/", {"room": "A"}, format="json").status_code == 403
    other = site("XA-28249")
    assert client.patch(f"/api/v1/bridge-sites/{other.pk}/", {"room": "B"}, format="json").status_code == 404
    hall.refresh_from_db()
    assert hall.room != "A"


def test_a_commune_user_keeps_equipment_only_at_its_own_site_through_the_api():
    client = api(make_user("ubnd_xa", commune=MY_THO))
    ok = client.post("/api/v1/equipment/", {"site": site().pk, "kind": "camera"}, format="json")
    assert ok.status_code == 201, ok.json()
    refused = client.post(
        "/api/v1/equipment/", {"site": site("TINH-TTHN").pk, "kind": "camera"}, format="json"
    )
    assert refused.status_code == 403


def test_a_commune_user_cannot_answer_a_check_at_another_commune_through_the_api():
    from addons.tiepdan_bridge.services.checks import record_check

    check = record_check(make_user("ban_tcd"), site("XA-28249"), "chay_thu", local(2026, 11, 20))
    client = api(make_user("ubnd_xa", commune=MY_THO))
    response = client.post(f"/api/v1/site-checks/{check.pk}/answer/", {"item": "network", "passed": True})
    assert response.status_code == 404
    assert not check.items.exists()


def test_the_readiness_endpoint_needs_at_least_one_site():
    client = api(make_user("ban_tcd"))
    response = client.get("/api/v1/site-checks/readiness/", {"start": "2026-11-23T08:00:00+07:00"})
    assert response.status_code == 400
    assert "sites" in response.json()["fields"]
