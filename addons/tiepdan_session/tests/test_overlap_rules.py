"""No site and no chair in two overlapping sessions; a case on at most one open agenda."""

import pytest
from django.db import IntegrityError, transaction

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH

from ..models import AgendaItem
from ..services import planning
from .common import accepted_case, admin_url, local, new_session, people, site, working_day

pytestmark = pytest.mark.django_db


def _agenda_form(session, case):
    return {
        "session": session.pk,
        "case": case.pk,
        "order": "",
        "slot_start_0": "",
        "slot_start_1": "",
        "slot_end_0": "",
        "slot_end_1": "",
    }


def test_the_same_host_site_cannot_serve_two_overlapping_sessions(client):
    p = people()
    first = new_session(p["board"], p["chair"])
    other_chair = staff_user("chu_tich")
    client.force_login(p["board"])
    day = working_day(8)
    data = {
        "kind": "dot_xuat", "title": "Phiên đột xuất", "focus": "", "start_0": day.strftime("%d/%m/%Y"),
        "start_1": "10:00", "end_0": day.strftime("%d/%m/%Y"), "end_1": "12:00", "chair": other_chair.pk,
        "chair_capacity": "chu_tich", "host_site": site("TINH-TTHN").pk,
    }  # fmt: skip
    response = client.post(admin_url("receptionsession"), data)
    assert response.status_code == 200
    assert f"Điểm cầu của phiên này đã được phiên {first.code} sử dụng" in response.content.decode()
    data["host_site"] = site("TINH-TTT").pk
    assert client.post(admin_url("receptionsession"), data).status_code == 302


def test_the_chair_cannot_chair_two_overlapping_sessions(client):
    p = people()
    first = new_session(p["board"], p["chair"])
    client.force_login(p["board"])
    day = working_day(8)
    data = {
        "kind": "dot_xuat", "title": "Phiên đột xuất", "focus": "", "start_0": day.strftime("%d/%m/%Y"),
        "start_1": "10:00", "end_0": day.strftime("%d/%m/%Y"), "end_1": "12:00", "chair": p["chair"].pk,
        "chair_capacity": "chu_tich", "host_site": site("TINH-TTT").pk,
    }  # fmt: skip
    response = client.post(admin_url("receptionsession"), data)
    assert response.status_code == 200
    assert f"Người chủ trì đã chủ trì phiên {first.code}" in response.content.decode()
    data["start_1"], data["end_1"] = "13:30", "16:00"  # the afternoon: no overlap
    assert client.post(admin_url("receptionsession"), data).status_code == 302


def test_a_commune_site_of_one_session_cannot_join_an_overlapping_one(client):
    p = people()
    first = new_session(p["board"], p["chair"])
    planning.add_case(p["board"], first, accepted_case())  # brings XA-28261
    second = new_session(p["board"], staff_user("chu_tich"), host_site=site("TINH-TTT"))
    client.force_login(p["board"])
    response = client.post(admin_url("sessionsite"), {"session": second.pk, "site": site("XA-28261").pk})
    assert response.status_code == 200
    assert not second.component_sites.exists()
    response = client.post(admin_url("sessionsite"), {"session": second.pk, "site": site("XA-28249").pk})
    assert response.status_code == 302


def test_a_case_stays_on_at_most_one_open_agenda(client):
    p = people()
    case = accepted_case()
    first = new_session(p["board"], p["chair"])
    second = new_session(p["board"], p["chair"], day=working_day(12))
    client.force_login(p["board"])
    assert client.post(admin_url("agendaitem"), _agenda_form(first, case)).status_code == 302
    response = client.post(admin_url("agendaitem"), _agenda_form(second, case))
    assert response.status_code == 200
    assert first.code in response.content.decode()
    assert AgendaItem.objects.filter(case=case).count() == 1


def test_the_database_refuses_a_case_on_two_open_agendas(db):
    p = people()
    case = accepted_case()
    first = new_session(p["board"], p["chair"])
    second = new_session(p["board"], p["chair"], day=working_day(12))
    planning.add_case(p["board"], first, case)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            session=second, case=case, order=1, slot_start=second.start, slot_end=second.end
        )


def test_the_agenda_brings_the_communes_sites_and_their_citizens(db):
    p = people()
    session = new_session(p["board"], p["chair"])
    a = planning.add_case(p["board"], session, accepted_case())
    b = planning.add_case(p["board"], session, accepted_case(commune=DAO_THANH))
    codes = set(session.component_sites.values_list("site__code", flat=True))
    assert codes == {"XA-28261", "XA-28249"}
    assert a.slot_start == session.start and b.slot_start == a.slot_end and b.order == 2
    invited = {(i.site.code, i.role) for i in session.invitations.select_related("site")}
    assert invited == {("XA-28261", "applicant"), ("XA-28249", "applicant")}
    planning.remove_case(p["board"], b)
    assert set(session.component_sites.values_list("site__code", flat=True)) == {"XA-28261"}


def test_a_slot_outside_the_session_is_refused(db):
    from addons.tiepdan_case.services.errors import Invalid

    p = people()
    session = new_session(p["board"], p["chair"])
    with pytest.raises(Invalid):
        planning.add_case(
            p["board"], session, accepted_case(), local(working_day(8), 7), local(working_day(8), 9)
        )
