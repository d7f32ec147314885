"""Registering an identity paper is not an oracle (issue 6): only the board and the communes register
citizens, and a commune gets one answer for every person registered outside it, denouncer or not —
through the API, the admin add form and the group form."""

import datetime as dt

import pytest

from addons.tiepdan_case.models import Citizen
from addons.tiepdan_case.tests.admin_helpers import add, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, post_json
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit
from addons.tiepdan_case.tests.test_new_reception import URL as NEW_RECEPTION_URL
from addons.tiepdan_case.tests.test_new_reception import page_data
from addons.tiepdan_case.tests.test_new_reception import person as person_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def denouncer():
    citizen = CitizenFactory(unit=unit(MY_THO), date_of_birth=dt.date(1980, 5, 17), gender="nam")
    CaseFactory(case_type="to_cao", unit=unit(MY_THO), applicant=citizen)
    return citizen


@pytest.fixture
def neighbour():
    """Someone of another commune, in an ordinary complaint."""
    citizen = CitizenFactory(unit=unit(DAO_THANH), date_of_birth=dt.date(1980, 5, 17), gender="nam")
    CaseFactory(case_type="khieu_nai", unit=unit(DAO_THANH), applicant=citizen)
    return citizen


def _paper(citizen, commune):
    return {
        "full_name": "Tên khác",
        "id_type": citizen.id_type,
        "id_number": citizen.id_number,
        "date_of_birth": "1980-05-17",
        "gender": "nam",
        "phone": "",
        "address": "Địa chỉ khác",
        "unit": commune,
    }


@pytest.mark.parametrize("role", ["vp_ubnd", "thanh_tra", "lanh_dao", "chu_tich"])
def test_only_the_board_and_the_communes_register_citizens(client, denouncer, role):
    user = staff_user(role)
    assert_error(post_json(client_for(user), f"{API}/citizens/", _paper(denouncer, MY_THO)), 403)
    client.force_login(user)
    assert client.get(add("citizen")).status_code == 403
    assert Citizen.objects.count() == 1


def test_a_commune_gets_one_answer_for_a_denouncer_and_for_anyone_else_outside_it(
    client, denouncer, neighbour
):
    # A third commune: the denouncer of Mỹ Thơ and the complainant of Đạo Thạnh are both outside it.
    clerk = staff_user("ubnd_xa", commune="28273")
    api = client_for(clerk)
    commune = clerk.profile.unit.code
    answers = [
        assert_error(post_json(api, f"{API}/citizens/", _paper(person, commune)), 409, "citizen_exists")
        for person in (denouncer, neighbour)
    ]
    assert answers[0] == answers[1]
    assert "Ban Tiếp công dân" in answers[0]["detail"]
    client.force_login(clerk)
    pages = []
    for person in (denouncer, neighbour):
        data = {**_paper(person, commune), "date_of_birth": "17/05/1980", "unit": clerk.profile.unit.pk}
        response = client.post(add("citizen"), data)
        assert response.status_code == 200
        pages.append(dict(response.context["adminform"].form.errors))
    assert pages[0] == pages[1] and pages[0]
    assert Citizen.objects.count() == 2


def test_the_new_reception_page_gives_the_same_answer(client, denouncer, neighbour):
    """The one-flow "Tiếp công dân mới" page (which also takes groups) answers alike for both."""
    clerk = staff_user("ubnd_xa", commune="28273")
    client.force_login(clerk)
    errors = []
    for citizen in (denouncer, neighbour):
        row = person_row(0, "Tên khác", citizen.id_number, role="nguoi_dai_dien", born="17/05/1980")
        row["people-0-id_type"] = citizen.id_type
        data = page_data([], case_type="kien_nghi", title="Kiến nghị", group_size="5")
        data.update(row)
        data["people-TOTAL_FORMS"] = "1"
        response = client.post(NEW_RECEPTION_URL, data)
        assert response.status_code == 200
        errors.append(response.content.decode().count("đã được đăng ký ở ngoài xã, phường của bạn"))
    assert errors[0] == errors[1] == 1
