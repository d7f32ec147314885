"""The board's decision on a reported directive (API `accept`, `return`): accepted it is done; sent back
with a reason it is in progress again and the lead reads the reason; nobody else decides."""

import pytest

from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.tests.factories import make_user

from .directive_common import accept, api, issued_directive, report_done, send_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(client):
    directive = issued_directive()
    lead = make_user("so_nganh")
    assert report_done(api(client, lead), directive).status_code == 200
    client.logout()
    return directive, lead


def test_the_board_accepts_a_report_as_done(client, reported):
    directive, lead = reported
    response = accept(api(client, make_user("ban_tcd")), directive, note="Đạt yêu cầu")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "done" and response.json()["accepted_at"]
    assert history_of(directive).filter(action="accept", to_state="done").exists()
    assert Notification.objects.filter(
        user=lead, dedupe_key__startswith=f"directive:{directive.pk}:accepted"
    ).exists()


def test_the_board_sends_a_report_back_with_a_reason_the_lead_reads(client, reported):
    directive, lead = reported
    response = send_back(api(client, make_user("ban_tcd")), directive, reason="Thiếu biên bản làm việc.")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "in_progress"
    event = history_of(directive).get(action="return")
    assert event.note == "Thiếu biên bản làm việc." and event.from_state == "reported"
    client.logout()
    seen = api(client, lead).get(f"/api/v1/directives/{directive.pk}/").json()
    assert seen["return_reason"] == "Thiếu biên bản làm việc."
    assert Notification.objects.filter(user=lead, dedupe_key__contains=":returned:").exists()
    # the lead reports again
    assert report_done(client, directive).status_code == 200


def test_sending_back_needs_a_reason(client, reported):
    directive, _lead = reported
    response = send_back(api(client, make_user("ban_tcd")), directive, reason="")
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    directive.refresh_from_db()
    assert directive.state == "reported"


@pytest.mark.parametrize("role", ["so_nganh", "chu_tich", "lanh_dao", "vp_ubnd"])
def test_only_the_board_accepts_or_sends_back(client, reported, role):
    directive, _lead = reported
    c = api(client, make_user(role))
    assert accept(c, directive).status_code == 403
    assert send_back(c, directive).status_code == 403
    directive.refresh_from_db()
    assert directive.state == "reported"


def test_a_directive_not_yet_reported_cannot_be_accepted(client):
    directive = issued_directive()
    response = accept(api(client, make_user("ban_tcd")), directive)
    assert response.status_code == 409
    assert set(response.json()) == {"code", "detail", "fields"}


def test_an_unknown_or_huge_id_is_a_404(client):
    c = api(client, make_user("ban_tcd"))
    assert c.post("/api/v1/directives/999999/accept/", {}, content_type="application/json").status_code == 404
    assert (
        c.post(f"/api/v1/directives/{10**30}/accept/", {}, content_type="application/json").status_code == 404
    )
    assert c.get("/api/v1/directives/abc/").status_code == 404
