"""Each role sees exactly its scope in the case and citizen screens; anything else is a 404."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import change, changelist, rows, staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_communes():
    my_tho = CaseFactory(unit=unit(MY_THO))
    dao_thanh = CaseFactory(unit=unit(DAO_THANH), applicant=CitizenFactory(unit=unit(DAO_THANH)))
    return my_tho, dao_thanh


def test_a_commune_clerk_lists_only_the_cases_of_their_commune(client, two_communes):
    my_tho, dao_thanh = two_communes
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.get(changelist("case"))
    assert response.status_code == 200
    assert rows(response) == [my_tho]


def test_a_commune_clerk_gets_404_on_another_communes_case_and_citizen(client, two_communes):
    _my_tho, dao_thanh = two_communes
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    assert client.get(change("case", dao_thanh.pk)).status_code == 404
    other_citizen = dao_thanh.participants.get().citizen
    assert client.get(change("citizen", other_citizen.pk)).status_code == 404
    assert client.get(change("case", 999999)).status_code == 404


def test_a_commune_clerk_lists_only_citizens_of_their_cases_and_commune(client, two_communes):
    my_tho, dao_thanh = two_communes
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.get(changelist("citizen"))
    assert {c.pk for c in rows(response)} == {my_tho.participants.get().citizen_id}


@pytest.mark.parametrize("role", ["ban_tcd", "vp_ubnd", "thanh_tra", "chu_tich"])
def test_provincial_roles_see_every_case(client, two_communes, role):
    client.force_login(staff_user(role))
    response = client.get(changelist("case"))
    assert set(rows(response)) == set(two_communes)
    assert client.get(change("case", two_communes[1].pk)).status_code == 200


def test_a_department_sees_only_cases_assigned_to_it(client, two_communes):
    my_tho, _dao_thanh = two_communes
    user = staff_user("so_nganh")
    my_tho.assigned_agencies.add(user.profile.agency)
    client.force_login(user)
    assert rows(client.get(changelist("case"))) == [my_tho]
    assert client.get(change("case", _dao_thanh.pk)).status_code == 404


def test_police_have_no_case_screen(client, two_communes):
    client.force_login(staff_user("cong_an"))
    assert client.get(changelist("case")).status_code == 403


def test_the_sidebar_of_a_commune_clerk_has_only_their_four_screens(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(changelist("case")).content.decode()
    for name in ("case", "citizen", "caseattachment", "reception"):
        assert changelist(name) in html
    for name in ("administrativeunit", "agency", "calendarday", "auditevent"):
        assert changelist(name) not in html
    assert "/auth/user/" not in html


def test_search_ignores_accents(client):
    case = CaseFactory(applicant=CitizenFactory(full_name="Nguyễn Thị Ánh"))
    CaseFactory()
    client.force_login(staff_user("ban_tcd"))
    assert rows(client.get(changelist("case"), {"q": "nguyen thi anh"})) == [case]
    citizens = rows(client.get(changelist("citizen"), {"q": "NGUYEN THI ANH"}))
    assert [c.full_name for c in citizens] == ["Nguyễn Thị Ánh"]


def test_a_commune_clerk_cannot_add_a_citizen_outside_their_scope_to_a_case(client, two_communes):
    # The API refuses such an id (VisibleCitizenField); the case form's citizen picker must as well, or
    # the other commune's citizen would join the clerk's case and their identity would show.
    from addons.tiepdan_case.models import Case
    from addons.tiepdan_case.tests.admin_helpers import add

    _my_tho, dao_thanh = two_communes
    outsider = dao_thanh.participants.get().citizen
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(
        add("case"),
        {
            "case_type": "kien_nghi",
            "title": "Kiến nghị có người ngoài phạm vi",
            "summary": "Nội dung",
            "received_date": "02/11/2026",
            "channel": "truc_tiep",
            "group_size": "1",
            "previous_handling": "",
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-citizen": str(outsider.pk),
            "participants-0-role": "nguoi_dung_don",
            "participants-0-authorization_document": "",
        },
    )
    assert response.status_code == 200
    assert not Case.objects.filter(title="Kiến nghị có người ngoài phạm vi").exists()
    assert outsider.full_name not in response.content.decode()
