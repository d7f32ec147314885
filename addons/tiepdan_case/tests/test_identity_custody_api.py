"""Identity custody through the API (issue 12) and the custodian's home-queue line: a verifier asks with
a reason, a custodian grants for some days or denies, the verifier then reads the identity through the
usual API; each side lists only what it may; the rows take no change or delete; the custodian's home page
counts the requests waiting for their decision and the line opens exactly those rows."""

import re

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import CaseParticipant, IdentityAccessDecision, IdentityAccessRequest
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, client_for, patch_json, post_json
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db

NAME = "Huỳnh Thị Bí Mật"
REASON = "Xác minh nội dung tố cáo theo Quyết định số 12/QĐ-TTr"
URL = f"{API}/identity-requests/"


@pytest.fixture
def denunciation():
    case = CaseFactory(case_type="to_cao", state="submitted")
    CaseParticipant.objects.create(case=case, citizen=CitizenFactory(full_name=NAME), role="nguoi_dung_don")
    return case


def _ask(user, case, reason=REASON):
    return post_json(client_for(user), URL, {"case": case.pk, "reason": reason})


def test_a_verifier_asks_through_the_api_a_custodian_grants_and_the_verifier_reads_the_identity(denunciation):
    verifier, chairman = staff_user("thanh_tra"), staff_user("chu_tich")
    asked = _ask(verifier, denunciation)
    assert asked.status_code == 201, asked.content
    assert asked.json()["status"] == "waiting" and asked.json()["decision"] is None
    assert NAME not in client_for(verifier).get(f"{API}/cases/{denunciation.pk}/").content.decode()
    decided = post_json(
        client_for(chairman),
        f"{URL}{asked.json()['id']}/decide/",
        {"granted": True, "days": 3, "reason": "Cần cho việc xác minh trong 3 ngày"},
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "granted" and decided.json()["decision"]["granted"] is True
    assert IdentityAccessDecision.objects.get().decided_by == chairman
    assert NAME in client_for(verifier).get(f"{API}/cases/{denunciation.pk}/").content.decode()
    mine = client_for(verifier).get(f"{URL}{asked.json()['id']}/")
    assert mine.status_code == 200 and mine.json()["status"] == "granted"


def test_a_denial_through_the_api_leaves_the_identity_hidden(denunciation):
    verifier, chairman = staff_user("thanh_tra"), staff_user("chu_tich")
    access = _ask(verifier, denunciation).json()
    denied = post_json(
        client_for(chairman),
        f"{URL}{access['id']}/decide/",
        {"granted": False, "reason": "Không cần cho việc xác minh"},
    )
    assert denied.status_code == 200 and denied.json()["status"] == "denied"
    assert NAME not in client_for(verifier).get(f"{API}/cases/{denunciation.pk}/").content.decode()


def test_the_service_rules_hold_through_the_api(denunciation):
    verifier, chairman = staff_user("thanh_tra"), staff_user("chu_tich")
    assert _ask(verifier, denunciation, reason="ngắn").status_code == 400
    assert _ask(verifier, CaseFactory(case_type="khieu_nai")).status_code in (404, 409)
    assert _ask(chairman, denunciation).status_code == 409  # a handler already sees it
    access = _ask(verifier, denunciation).json()
    assert _ask(verifier, denunciation).status_code == 409  # the first one still waits
    decide = f"{URL}{access['id']}/decide/"
    other = staff_user("vp_ubnd")
    assert (
        post_json(client_for(verifier), decide, {"granted": True, "days": 3, "reason": REASON}).status_code
        == 403
    )
    assert (
        post_json(client_for(other), decide, {"granted": True, "days": 3, "reason": REASON}).status_code
        == 404
    )
    too_long = post_json(client_for(chairman), decide, {"granted": True, "days": 3650, "reason": REASON})
    assert too_long.status_code == 400 and "days" in too_long.json()["fields"]
    assert (
        post_json(client_for(chairman), decide, {"granted": True, "days": 2, "reason": REASON}).status_code
        == 200
    )
    again = post_json(client_for(chairman), decide, {"granted": False, "reason": REASON})
    assert again.status_code == 409
    assert post_json(client_for(chairman), URL, {"case": 2**70, "reason": REASON}).status_code == 400


def test_each_side_lists_only_what_it_may_and_no_row_is_changed_or_deleted(denunciation):
    verifier, stranger, chairman = staff_user("thanh_tra"), staff_user("thanh_tra"), staff_user("chu_tich")
    access = _ask(verifier, denunciation).json()
    assert [r["id"] for r in client_for(verifier).get(URL).json()["results"]] == [access["id"]]
    assert client_for(stranger).get(URL).json()["results"] == []
    assert client_for(stranger).get(f"{URL}{access['id']}/").status_code == 404
    assert [r["id"] for r in client_for(chairman).get(URL).json()["results"]] == [access["id"]]
    row = f"{URL}{access['id']}/"
    assert patch_json(client_for(chairman), row, {"reason": "Sửa lại lý do cho khác"}).status_code == 405
    assert client_for(chairman).delete(row).status_code == 405
    assert IdentityAccessRequest.objects.get().reason == REASON


def _queue(client):
    html = client.get(reverse("admin:index")).content.decode()
    lines = re.findall(
        r'data-queue-line="([^"]+)">\s*<a href="([^"]+)".*?data-count>(\d+)</span>', html, flags=re.S
    )
    return {title: (int(count), url.replace("&amp;", "&")) for title, url, count in lines}


def test_the_custodian_home_queue_counts_the_requests_waiting_for_a_decision(client, denunciation):
    chairman = staff_user("chu_tich")
    first, second = staff_user("thanh_tra"), staff_user("thanh_tra")
    _ask(first, denunciation)
    decided = _ask(second, denunciation).json()
    post_json(client_for(chairman), f"{URL}{decided['id']}/decide/", {"granted": False, "reason": REASON})
    client.force_login(chairman)
    title = "Yêu cầu xem danh tính chờ bạn quyết định"
    count, url = _queue(client)[title]
    assert count == 1
    rows = client.get(url).context["cl"].result_list
    assert [r.requester for r in rows] == [first]
    client.force_login(first)
    assert title not in _queue(client)  # not a custodian
