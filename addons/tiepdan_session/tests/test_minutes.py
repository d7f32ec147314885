"""The minutes (NĐ 154 arts. 14.1, 14.3) assembled from what the console captured, with the per-item
confirmation (who, when; the refusal to sign); shaped per viewer: a commune reads its own items in full,
a protected denouncer never appears for a non-handler."""

import pytest

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..services import console as svc
from ..services.minutes import minutes_confirmed, minutes_for
from .common import accepted_case, check_in_all, console, people, running_session

pytestmark = pytest.mark.django_db


def _clerk(invitation):
    return staff_user("ubnd_xa", commune=invitation.agenda_item.case.unit.code)


@pytest.fixture
def session(db):
    p = people()
    s = running_session(p, cases=[accepted_case(MY_THO), accepted_case(DAO_THANH)])
    s.people = p
    board = p["board"]
    first, second = s.agenda.order_by("order")
    (s.attendance,) = check_in_all(_clerk, s, first)
    svc.record_official(
        board, s.pk, BridgeSite.objects.get(code="TINH-TTHN"), full_name="Phạm D", position="Trưởng ban"
    )
    svc.record_statements(
        board, s.pk, first.pk, presentation="Trình bày về thu hồi đất", conclusion="Giao Sở xem xét"
    )
    svc.record_agency_report(board, s.pk, first.pk, Agency.objects.get(code="so-nn-mt"), "Đã kiểm tra hồ sơ")
    svc.report_incident(board, s.pk, BridgeSite.objects.get(code="XA-28249"), "audio")
    svc.record_outcome(board, s.pk, first.pk, "heard")
    svc.record_outcome(board, s.pk, second.pk, "absent")
    s.first, s.second = first, second
    return s


def test_the_minutes_hold_date_sites_chair_people_items_and_incidents(session):
    m = minutes_for(session)
    assert m["code"] == session.code and m["date"] == session.date
    assert m["chair"]["name"] == (session.chair.get_full_name() or session.chair.username)
    host = next(s for s in m["sites"] if s["is_host"])
    assert host["officials"] == [{"name": "Phạm D", "position": "Trưởng ban", "agency": ""}]
    my_tho = next(s for s in m["sites"] if s["code"] == "XA-28261")
    assert [p["name"] for p in my_tho["citizens"]] == [session.attendance.invitation.citizen.full_name]
    first, second = m["items"]
    assert first["presentation"] == "Trình bày về thu hồi đất" and first["conclusion"] == "Giao Sở xem xét"
    assert first["agency_reports"][0]["text"] == "Đã kiểm tra hồ sơ"
    assert (first["outcome"], second["outcome"]) == ("heard", "absent")
    assert [(i["site"], i["kind"], i["ended_at"]) for i in m["incidents"]] == [("XA-28249", "audio", None)]


def test_each_heard_item_is_confirmed_by_the_people_present_with_who_and_when(client, session):
    assert not minutes_confirmed(session) and not minutes_for(session)["confirmed"]
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    client.force_login(clerk)
    response = console(
        client, session, "confirm", item=session.first.pk, attendance=session.attendance.pk, method="signed"
    )
    assert response.status_code == 200, response.json()
    m = minutes_for(session)
    (confirmation,) = m["items"][0]["confirmations"]
    assert confirmation["method"] == "signed" and confirmation["recorded_by"] == clerk.get_full_name()
    assert confirmation["recorded_at"] is not None
    assert m["confirmed"] and minutes_confirmed(session)


def test_a_refusal_to_sign_is_recorded_with_what_the_citizen_said(client, session):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    args = {"item": session.first.pk, "attendance": session.attendance.pk, "method": "refused"}
    assert console(client, session, "confirm", **args).status_code == 400
    assert (
        console(client, session, "confirm", **args, reason="Không đồng ý nội dung kết luận").status_code
        == 200
    )
    row = minutes_for(session)["items"][0]["confirmations"][0]
    assert row["method"] == "refused" and row["refusal_reason"] == "Không đồng ý nội dung kết luận"
    assert minutes_confirmed(session)  # the refusal, recorded, completes the minutes


def test_another_communes_clerk_cannot_record_the_confirmation(client, session):
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    response = console(
        client, session, "confirm", item=session.first.pk, attendance=session.attendance.pk, method="signed"
    )
    assert response.status_code == 404


def test_a_commune_reads_only_its_own_items_in_full(client, session):
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    body = client.get(f"/api/v1/sessions/{session.pk}/minutes/").json()
    mine, other = body["items"][1], body["items"][0]
    assert mine["in_full"] and mine["case_code"] == session.second.case.code
    assert not other["in_full"] and other["presentation"] == "" and other["case_code"] == ""
    assert session.attendance.invitation.citizen.full_name not in str(body)


def test_a_protected_denouncer_never_appears_for_a_non_handler(db):
    p = people()
    case = accepted_case(MY_THO, case_type="to_cao")
    s = running_session(p, cases=[case])
    item = s.agenda.get()
    (attendance,) = check_in_all(_clerk, s, item)
    svc.record_statements(p["board"], s.pk, item.pk, presentation="Tố cáo ông X nhận tiền")
    name = attendance.invitation.citizen.full_name
    assert name in str(minutes_for(s))  # the official text, for the handlers
    for role in ("thanh_tra", "lanh_dao", "vp_ubnd"):
        text = str(minutes_for(s, viewer=staff_user(role)))
        assert (
            name not in text
            and "nhận tiền" not in text
            and attendance.invitation.citizen.id_number not in text
        )
