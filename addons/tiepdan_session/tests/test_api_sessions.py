"""The sessions API: create, read, parts, bad input, and never a 500."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH

from .common import HOST, accepted_case, local, new_session, people, site, working_day

pytestmark = pytest.mark.django_db


def _payload(chair, day, **extra):
    return {
        "kind": "dinh_ky", "title": "Phiên định kỳ", "focus": "Đất đai", "start": local(day, 8).isoformat(),
        "end": local(day, 11).isoformat(), "chair": chair.pk, "host_site": site(HOST).pk, **extra,
    }  # fmt: skip


def test_the_board_creates_a_session_and_builds_its_agenda_through_the_api(client):
    p = people()
    client.force_login(p["board"])
    response = client.post(
        "/api/v1/sessions/", _payload(p["chair"], working_day(8)), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["code"].startswith("PTCD-")
    case = accepted_case()
    response = client.post(
        f"/api/v1/sessions/{body['id']}/agenda/", {"case": case.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    other = accepted_case(commune=DAO_THANH)
    client.post(f"/api/v1/sessions/{body['id']}/agenda/", {"case": other.pk}, content_type="application/json")
    detail = client.get(f"/api/v1/sessions/{body['id']}/").json()
    assert [a["case"] for a in detail["agenda"]] == [case.pk, other.pk]
    assert {site("XA-28261").pk, site("XA-28249").pk, site(HOST).pk} == set(detail["sites"])
    sites = client.get(f"/api/v1/sessions/{body['id']}/sites/").json()
    assert {s["code"] for s in sites} == {"XA-28261", "XA-28249"}
    invitations = client.get(f"/api/v1/sessions/{body['id']}/invitations/").json()
    assert len(invitations) == 2
    response = client.post(
        f"/api/v1/sessions/{body['id']}/agencies/",
        {"agency": "so-nn-mt", "duty": "dossier"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get(f"/api/v1/sessions/{body['id']}/agencies/").json()[0]["agency"] == "so-nn-mt"
    readiness = client.get(f"/api/v1/sessions/{body['id']}/readiness/").json()
    assert readiness["colour"] == "red" and len(readiness["sites"]) == 3


@pytest.mark.parametrize(
    "bad",
    [
        {"start": "không phải ngày"},
        {"chair": 10**20},
        {"host_site": "abc"},
        {"kind": "hang_tuan"},
        {"end": "2020-01-01T08:00:00+07:00"},
    ],
)
def test_bad_input_is_a_400_in_vietnamese(client, bad):
    p = people()
    client.force_login(p["board"])
    response = client.post(
        "/api/v1/sessions/", {**_payload(p["chair"], working_day(8)), **bad}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and response.json()["fields"]


def test_an_unknown_or_absurd_session_id_is_a_404(client):
    client.force_login(staff_user("ban_tcd"))
    for path in (
        "/api/v1/sessions/999999/",
        "/api/v1/sessions/99999999999999999999999/",
        "/api/v1/sessions/abc/readiness/",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client.post(
        "/api/v1/sessions/999999/transition/", {"action": "approve"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_a_commune_may_not_build_an_agenda(client):
    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(staff_user("ubnd_xa"))
    response = client.post(
        f"/api/v1/sessions/{session.pk}/agenda/",
        {"case": accepted_case().pk},
        content_type="application/json",
    )
    assert response.status_code == 404  # a draft is not visible to the commune


def test_the_schema_lists_the_session_endpoints(client):
    client.force_login(staff_user("ban_tcd"))
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/sessions/", "/api/v1/sessions/{id}/transition/", "/api/v1/sessions/{id}/agenda/",
        "/api/v1/sessions/{id}/sites/", "/api/v1/sessions/{id}/agencies/", "/api/v1/sessions/{id}/invitations/",
        "/api/v1/sessions/{id}/readiness/", "/api/v1/invitations/{id}/",
    ):  # fmt: skip
        assert path in schema["paths"], path
