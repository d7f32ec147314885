"""A passport number is one person's only within its issuing country: two foreign passports with the same
number from different countries are two citizens, while a căn cước (or any Vietnamese paper) stays unique
by its number. Registering the same passport of the same country again returns the existing record — in
the database, the admin form, the API and the one-flow reception page."""

import pytest
from django.db import IntegrityError, transaction

from addons.tiepdan_case.models import Citizen
from addons.tiepdan_case.tests.admin_helpers import add, change, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for, patch_json, post_json
from addons.tiepdan_case.tests.factories import MY_THO, CitizenFactory, unit
from addons.tiepdan_case.tests.test_new_reception import URL, page_data

pytestmark = pytest.mark.django_db
NUMBER = "M12345678"


def _passport(country, **fields):
    return CitizenFactory(id_type="ho_chieu", id_number=NUMBER, id_issuing_country=country, **fields)


def _api_data(country, **overrides):
    return {
        "full_name": "Kim Min Ji",
        "id_type": "ho_chieu",
        "id_number": NUMBER,
        "id_issuing_country": country,
        "date_of_birth": "1990-05-17",
        "gender": "nu",
        "address": "Số 5, đường Lê Lợi",
        "unit": MY_THO,
    } | overrides


def test_the_database_holds_one_passport_per_country_and_one_can_cuoc_per_number():
    _passport("KR")
    _passport("US")  # the same number from another country: another person
    with pytest.raises(IntegrityError), transaction.atomic():
        Citizen.objects.create(
            full_name="Khác", id_type="ho_chieu", id_number=NUMBER, id_issuing_country="KR", gender="nu",
            address="x", unit=unit(MY_THO),
        )  # fmt: skip
    citizen = CitizenFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citizen.objects.create(
            full_name="Khác", id_type="can_cuoc", id_number=citizen.id_number, gender=citizen.gender,
            address="x", unit=unit(MY_THO),
        )  # fmt: skip


def test_the_api_registers_the_same_passport_number_of_two_countries_as_two_citizens(board_user):
    client = client_for(board_user)
    korean = post_json(client, f"{API}/citizens/", _api_data("KR"))
    american = post_json(client, f"{API}/citizens/", _api_data("US", full_name="Mary Kim"))
    again = post_json(client, f"{API}/citizens/", _api_data("kr", full_name="Kim Minji"))
    assert (korean.status_code, american.status_code, again.status_code) == (201, 201, 200)
    assert american.json()["id"] != korean.json()["id"]
    assert again.json()["id"] == korean.json()["id"] and again.json()["full_name"] == "Kim Min Ji"
    assert Citizen.objects.count() == 2


def test_the_api_refuses_moving_a_passport_onto_another_citizens_in_vietnamese(board_user):
    _passport("KR")
    american = _passport("US")
    response = patch_json(
        client_for(board_user), f"{API}/citizens/{american.pk}/", {"id_issuing_country": "KR"}
    )
    assert response.status_code == 400, response.content
    assert "Số hộ chiếu này của quốc gia cấp này đã được đăng ký" in response.content.decode()
    american.refresh_from_db()
    assert american.id_issuing_country == "US"


def test_the_admin_form_registers_another_countrys_passport_and_opens_the_same_countrys_record(client):
    korean = _passport("KR")
    client.force_login(staff_user("ban_tcd"))
    data = {
        "full_name": "Mary Kim", "id_type": "ho_chieu", "id_number": NUMBER.lower(), "id_issuing_country": "us",
        "date_of_birth": "17/05/1990", "gender": "nu", "address": "Số 5, đường Lê Lợi", "unit": unit(MY_THO).pk,
    }  # fmt: skip
    response = client.post(add("citizen"), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Citizen.objects.get(id_issuing_country="US").full_name == "Mary Kim"
    response = client.post(add("citizen"), {**data, "id_issuing_country": "KR", "full_name": "Tên khác"})
    assert response.status_code == 302 and response.url == change("citizen", korean.pk)
    assert Citizen.objects.count() == 2


def test_the_reception_page_matches_a_passport_by_its_country(client):
    korean = _passport("KR", unit=unit(MY_THO))
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    row = {"people-0-id_type": "ho_chieu", "people-0-id_issuing_country": "US"}
    data = page_data([("Mary Kim", NUMBER, "nguoi_dung_don", "nu", "17/05/1990")]) | row
    response = client.post(URL, data)
    assert response.status_code == 302, response.context and response.context["people"].errors
    american = Citizen.objects.get(id_issuing_country="US")
    assert american.pk != korean.pk and american.full_name == "Mary Kim"
    data = page_data([("Tên khác", NUMBER, "nguoi_dung_don", "nu", "17/05/1990")], title="Lần hai")
    response = client.post(URL, data | row | {"people-0-id_issuing_country": "KR"})
    assert response.status_code == 302, response.context and response.context["people"].errors
    assert Citizen.objects.count() == 2
    assert korean.participations.filter(case__title="Lần hai").exists()
