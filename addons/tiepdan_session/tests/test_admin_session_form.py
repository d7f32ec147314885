"""The board builds a session in the back office; the form keeps the chair and host rules."""

import pytest

from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.tests.admin_helpers import staff_user

from ..models import ReceptionSession
from .common import HOST, admin_url, people, site, working_day

pytestmark = pytest.mark.django_db


def _form(chair, day, **extra):
    data = {
        "kind": "dinh_ky",
        "title": "Phiên tiếp định kỳ tháng",
        "focus": "Đất đai",
        "start_0": day.strftime("%d/%m/%Y"),
        "start_1": "08:00",
        "end_0": day.strftime("%d/%m/%Y"),
        "end_1": "11:00",
        "chair": chair.pk,
        "chair_capacity": "chu_tich",
        "authorisation_number": "",
        "authorisation_date": "",
        "host_site": site(HOST).pk,
        "note_taker": "",
        "external_meeting_url": "",
    }
    data.update(extra)
    return data


def test_the_board_creates_a_draft_session_with_a_yearly_code(client):
    p = people()
    client.force_login(p["board"])
    day = working_day(8)
    response = client.post(admin_url("receptionsession"), _form(p["chair"], day))
    assert response.status_code == 302, response.content.decode()[:3000]
    session = ReceptionSession.objects.get()
    assert session.state == "draft"
    assert session.code == f"PTCD-{day.year}-001"
    client.post(admin_url("receptionsession"), _form(p["chair"], working_day(20)))
    assert ReceptionSession.objects.order_by("pk").last().code.endswith("-002")


def test_a_vice_chairman_chairs_only_with_the_authorisation_recorded(client):
    p = people()
    client.force_login(p["board"])
    response = client.post(
        admin_url("receptionsession"), _form(p["chair"], working_day(8), chair_capacity="pho_chu_tich")
    )
    assert response.status_code == 200
    assert "ủy quyền" in response.content.decode()
    assert not ReceptionSession.objects.exists()
    ok = _form(
        p["chair"],
        working_day(8),
        chair_capacity="pho_chu_tich",
        authorisation_number="12/GUQ-UBND",
        authorisation_date="01/12/2026",
    )
    assert client.post(admin_url("receptionsession"), ok).status_code == 302


def test_the_host_is_a_provincial_site_and_the_chair_holds_the_chairman_role(client):
    p = people()
    client.force_login(p["board"])
    response = client.post(
        admin_url("receptionsession"), _form(p["chair"], working_day(8), host_site=site("XA-28261").pk)
    )
    assert response.status_code == 200 and not ReceptionSession.objects.exists()
    response = client.post(admin_url("receptionsession"), _form(p["board"], working_day(8)))
    assert response.status_code == 200 and not ReceptionSession.objects.exists()


def test_the_central_body_is_named_when_the_central_bridge_joins(client):
    p = people()
    client.force_login(p["board"])
    response = client.post(
        admin_url("receptionsession"), _form(p["chair"], working_day(8), central_participation="on")
    )
    assert response.status_code == 200 and not ReceptionSession.objects.exists()
    body = Agency.objects.get(code="ban-tcd-tw")
    data = _form(p["chair"], working_day(8), central_participation="on", central_body=body.pk)
    assert client.post(admin_url("receptionsession"), data).status_code == 302


@pytest.mark.parametrize("role", ["chu_tich", "so_khcn", "ubnd_xa", "thanh_tra"])
def test_only_the_board_may_prepare_a_session(client, role):
    p = people()
    client.force_login(staff_user(role))
    response = client.post(admin_url("receptionsession"), _form(p["chair"], working_day(8)))
    assert response.status_code == 403
    assert not ReceptionSession.objects.exists()
