"""Presence and identity (NĐ 154 art. 21.4): at a commune site the commune clerk checks each invited
citizen in against the identity paper on file, or records the substitute with the reason; officials
present per site. Through the console API."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..models import Attendance, SiteOfficial
from .common import accepted_case, console, people, ready_session, running_session, site, working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    p = people()
    s = running_session(p, cases=[accepted_case(MY_THO), accepted_case(DAO_THANH)])
    s.people = p
    return s


def _invitation(session, commune):
    return session.invitations.select_related("citizen").get(agenda_item__case__unit__code=commune)


def test_the_commune_clerk_checks_a_citizen_in_against_the_paper_on_file(client, session):
    invitation = _invitation(session, MY_THO)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = console(
        client,
        session,
        "check_in",
        invitation=invitation.pk,
        status="present",
        id_number=invitation.citizen.id_number,
    )
    assert response.status_code == 200, response.json()
    attendance = Attendance.objects.get(invitation=invitation)
    assert attendance.status == "present" and attendance.checked_at is not None
    assert attendance.id_number_checked == invitation.citizen.id_number


def test_a_paper_that_does_not_match_the_one_on_file_is_refused(client, session):
    invitation = _invitation(session, MY_THO)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = console(
        client, session, "check_in", invitation=invitation.pk, status="present", id_number="001080000000"
    )
    assert response.status_code == 400 and "id_number" in response.json()["fields"]
    assert not Attendance.objects.exists()


def test_a_substitute_needs_a_name_and_a_reason(client, session):
    invitation = _invitation(session, MY_THO)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = console(
        client, session, "check_in", invitation=invitation.pk, status="substitute", substitute_name="Lê Thị B"
    )
    assert response.status_code == 400 and "substitute_reason" in response.json()["fields"]
    response = console(
        client, session, "check_in", invitation=invitation.pk, status="substitute",
        substitute_name="Lê Thị B", substitute_reason="Công dân ốm, có giấy ủy quyền",
    )  # fmt: skip
    assert response.status_code == 200
    assert Attendance.objects.get(invitation=invitation).substitute_name == "Lê Thị B"


def test_another_communes_clerk_cannot_check_the_citizen_in(client, session):
    invitation = _invitation(session, MY_THO)
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    response = console(
        client,
        session,
        "check_in",
        invitation=invitation.pk,
        status="present",
        id_number=invitation.citizen.id_number,
    )
    assert response.status_code == 404  # not even its invitation to see
    assert not Attendance.objects.exists()


def test_the_board_does_not_check_in_at_a_commune_site(client, session):
    invitation = _invitation(session, MY_THO)
    client.force_login(session.people["board"])
    response = console(
        client,
        session,
        "check_in",
        invitation=invitation.pk,
        status="present",
        id_number=invitation.citizen.id_number,
    )
    assert response.status_code == 403


def test_check_in_opens_once_the_session_is_ready(client, db):
    from .common import announced_session

    p = people()
    session = announced_session(p)
    invitation = session.invitations.select_related("citizen").first()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = console(
        client,
        session,
        "check_in",
        invitation=invitation.pk,
        status="present",
        id_number=invitation.citizen.id_number,
    )
    assert response.status_code == 409
    ready = ready_session(p, day=working_day(9))
    invitation = ready.invitations.select_related("citizen").first()
    response = console(
        client,
        ready,
        "check_in",
        invitation=invitation.pk,
        status="present",
        id_number=invitation.citizen.id_number,
    )
    assert response.status_code == 200


def test_officials_are_recorded_per_site_and_a_clerk_only_at_the_own_site(client, session):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    ok = console(
        client,
        session,
        "official",
        site=site("XA-28261").pk,
        full_name="Trần Văn C",
        position="Chủ tịch UBND phường",
    )
    assert ok.status_code == 200
    other = console(client, session, "official", site=site("XA-28249").pk, full_name="X", position="Y")
    assert other.status_code == 403
    client.force_login(session.people["board"])
    host = console(
        client, session, "official", site=site("TINH-TTHN").pk, full_name="Phạm D", position="Trưởng ban"
    )
    assert host.status_code == 200
    assert {(o.site.code, o.full_name) for o in SiteOfficial.objects.all()} == {
        ("XA-28261", "Trần Văn C"),
        ("TINH-TTHN", "Phạm D"),
    }
    missing = console(client, session, "official", site=site("TINH-TTHN").pk, full_name="", position="")
    assert missing.status_code == 400 and set(missing.json()["fields"]) >= {"full_name", "position"}
