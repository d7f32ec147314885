"""The citizen form: checked identity papers and phones, and no duplicate records."""

import pytest

from addons.tiepdan_case.models import Citizen
from addons.tiepdan_case.tests.admin_helpers import add, change, changelist, staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CitizenFactory, unit, valid_can_cuoc

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "full_name": "Võ Thị Hồng",
        "id_type": "can_cuoc",
        "id_number": valid_can_cuoc(1990, "nu"),
        "date_of_birth": "03/04/1990",
        "gender": "nu",
        "phone": "0912 345 678",
        "address": "Số 5, đường Lê Lợi",
        "unit": unit(MY_THO).pk,
    }
    data.update(overrides)
    return data


def test_a_clerk_registers_a_citizen_and_the_phone_is_stored_in_e164(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(add("citizen"), _data())
    assert response.status_code == 302
    citizen = Citizen.objects.get(full_name="Võ Thị Hồng")
    assert str(citizen.phone) == "+84912345678"
    assert "0912 345 678" in client.get(changelist("citizen")).content.decode()


def test_each_error_is_shown_on_its_field(client):
    client.force_login(staff_user("ban_tcd"))
    response = client.post(add("citizen"), _data(id_number="08219901234", phone="09123"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "id_number" in errors and "phone" in errors
    assert not Citizen.objects.exists()


def test_a_gender_that_contradicts_the_can_cuoc_number_is_refused(client):
    client.force_login(staff_user("ban_tcd"))
    response = client.post(add("citizen"), _data(gender="nam"))
    assert "id_number" in response.context["adminform"].form.errors


def test_an_identity_already_registered_opens_the_existing_record(client):
    existing = CitizenFactory()
    client.force_login(staff_user("ban_tcd"))
    response = client.post(add("citizen"), _data(id_number=existing.id_number, full_name="Tên khác"))
    assert response.status_code == 302
    assert response.url == change("citizen", existing.pk)
    assert Citizen.objects.count() == 1


def test_a_commune_clerk_cannot_register_a_citizen_of_another_commune_in_the_admin(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(add("citizen"), _data(unit=unit(DAO_THANH).pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"] == [
        "Xã, phường chỉ đăng ký công dân cư trú tại địa phương mình."
    ]
    assert not Citizen.objects.exists()


def test_a_commune_clerk_cannot_move_a_citizen_to_another_commune_in_the_admin(client):
    citizen = CitizenFactory(unit=unit(MY_THO))
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    data = _data(
        id_number=citizen.id_number, gender="nam", date_of_birth="17/05/1980", unit=unit(DAO_THANH).pk
    )
    response = client.post(change("citizen", citizen.pk), data)
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    citizen.refresh_from_db()
    assert citizen.unit.code == MY_THO
