import datetime as dt

import pytest

from ..models import Citizen
from ..validators import identity_errors, parse_phone
from .api_support import API, assert_error, client_for, ids, patch_json, post_json
from .factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db


def citizen_data(**overrides):
    data = {
        "full_name": "Nguyễn Thị Ánh",
        "id_type": "can_cuoc",
        "id_number": "082180123456",  # Đồng Tháp, woman born in the 1900s, 1980
        "date_of_birth": "1980-05-17",
        "gender": "nu",
        "phone": "0912 345 678",
        "address": "Số 5, đường Lê Lợi",
        "unit": MY_THO,
    }
    data.update(overrides)
    return data


def phone_message(raw):
    try:
        parse_phone(raw)
    except Exception as exc:  # the message validators.py gives
        return exc.messages
    raise AssertionError(f"{raw!r} is a valid phone number")


def test_the_board_registers_a_citizen_with_the_phone_normalised(board_user):
    response = post_json(client_for(board_user), f"{API}/citizens/", citizen_data())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phone"] == "+84912345678"
    assert body["unit"] == MY_THO and body["gender"] == "nu" and body["date_of_birth"] == "1980-05-17"
    assert Citizen.objects.get(pk=body["id"]).created_by == board_user


def test_a_commune_registers_citizens_of_its_own_commune_by_default(commune_user):
    data = citizen_data()
    del data["unit"]
    response = post_json(client_for(commune_user), f"{API}/citizens/", data)
    assert response.status_code == 201 and response.json()["unit"] == MY_THO


def test_a_commune_may_not_register_a_citizen_of_another_commune(commune_user):
    body = assert_error(
        post_json(client_for(commune_user), f"{API}/citizens/", citizen_data(unit=DAO_THANH)), 400, "invalid"
    )
    assert body["fields"] == {"unit": ["Xã, phường chỉ đăng ký công dân cư trú tại địa phương mình."]}


def test_registering_the_same_identity_paper_again_returns_the_existing_record(board_user):
    client = client_for(board_user)
    first = post_json(client, f"{API}/citizens/", citizen_data())
    again = post_json(client, f"{API}/citizens/", citizen_data(full_name="Nguyen Thi Anh", phone=""))
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["full_name"] == "Nguyễn Thị Ánh"
    assert Citizen.objects.count() == 1


def test_an_existing_citizen_outside_the_users_scope_is_not_revealed(commune_user, other_commune_user):
    hidden = CaseFactory(unit=unit(MY_THO)).participants.get().citizen
    data = citizen_data(
        id_number=hidden.id_number,
        date_of_birth=str(hidden.date_of_birth),
        gender=hidden.gender,
        unit=DAO_THANH,
    )
    body = assert_error(
        post_json(client_for(other_commune_user), f"{API}/citizens/", data), 409, "citizen_exists"
    )
    assert hidden.full_name not in str(body) and str(hidden.pk) not in body["fields"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"id_number": "08218012345A"},  # a letter
        {"id_number": "0821801234"},  # 10 digits
        {"id_number": "999180123456"},  # no such birth province
        {"id_number": "082080123456"},  # 4th digit says man, gender says woman
        {"id_number": "082380123456", "date_of_birth": "1980-05-17"},  # 4th digit says born 2000–2099
        {"id_number": "082181123456"},  # year digits 81, born 1980
        {"id_number": ""},
        {"id_type": "ho_chieu", "id_number": "12345678"},
        {"id_type": "giay_chung_nhan_can_cuoc", "id_number": "12345"},
    ],
)
def test_each_identity_number_error_comes_back_on_the_id_number_field(board_user, overrides):
    data = citizen_data(**overrides)
    body = assert_error(post_json(client_for(board_user), f"{API}/citizens/", data), 400, "invalid")
    expected = identity_errors(
        data["id_type"], data["id_number"], dt.date.fromisoformat(data["date_of_birth"]), data["gender"]
    )
    assert expected and body["fields"] == {"id_number": expected}
    assert body["detail"].startswith("Dữ liệu gửi lên không hợp lệ: ")
    assert expected[0] in body["detail"]


@pytest.mark.parametrize("phone", ["09l2 345 678", "0912 345", "0912 345 678 99", "0123 456 789", "+"])
def test_each_phone_error_comes_back_on_the_phone_field(board_user, phone):
    body = assert_error(
        post_json(client_for(board_user), f"{API}/citizens/", citizen_data(phone=phone)), 400, "invalid"
    )
    assert body["fields"] == {"phone": phone_message(phone)}


def test_several_wrong_fields_are_reported_together(board_user):
    data = citizen_data(phone="abc", date_of_birth="2999-01-01", gender="x", full_name="")
    body = assert_error(post_json(client_for(board_user), f"{API}/citizens/", data), 400, "invalid")
    assert {"phone", "gender", "full_name"} <= set(body["fields"])


def test_a_birth_date_in_the_future_is_refused_on_its_field(board_user):
    body = assert_error(
        post_json(
            client_for(board_user),
            f"{API}/citizens/",
            citizen_data(id_type="khac", id_number="GKS-1", date_of_birth="2999-01-01"),
        ),
        400,
    )
    assert list(body["fields"]) == ["date_of_birth"]


@pytest.mark.parametrize("role", ["thanh_tra", "chu_tich", "lanh_dao", "so_nganh", "cong_an", "quan_tri"])
def test_roles_without_the_add_permission_get_403(user_in_role, role):
    response = post_json(client_for(user_in_role(role)), f"{API}/citizens/", citizen_data())
    assert_error(response, 403, "permission_denied")
    assert not Citizen.objects.exists()


def test_the_board_corrects_a_citizen_and_the_change_is_validated(board_user):
    citizen = CitizenFactory()
    client = client_for(board_user)
    response = patch_json(
        client, f"{API}/citizens/{citizen.pk}/", {"phone": "0987.654.321", "address": "Ấp 3"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "+84987654321"
    citizen.refresh_from_db()
    assert citizen.address == "Ấp 3"
    body = assert_error(patch_json(client, f"{API}/citizens/{citizen.pk}/", {"gender": "nu"}), 400)
    assert list(body["fields"]) == ["id_number"]  # the number says man


def test_a_correction_may_not_take_another_citizens_identity_number(board_user):
    one, two = CitizenFactory(), CitizenFactory()
    response = patch_json(client_for(board_user), f"{API}/citizens/{two.pk}/", {"id_number": one.id_number})
    assert_error(response, 400, "invalid")


def test_a_reader_may_not_change_a_citizen_and_a_commune_cannot_reach_another_communes(
    user_in_role, other_commune_user
):
    citizen = CaseFactory(unit=unit(MY_THO)).participants.get().citizen
    assert_error(patch_json(client_for(user_in_role("thanh_tra")), f"{API}/citizens/{citizen.pk}/", {}), 403)
    assert_error(patch_json(client_for(other_commune_user), f"{API}/citizens/{citizen.pk}/", {}), 404)


def test_citizen_search_ignores_accents_and_case(board_user):
    anh = CitizenFactory(full_name="Nguyễn Thị Ánh")
    CitizenFactory(full_name="Trần Văn Bình")
    client = client_for(board_user)
    assert ids(client.get(f"{API}/citizens/", {"search": "nguyen thi anh"})) == {anh.pk}
    assert ids(client.get(f"{API}/citizens/", {"search": "NGUYỄN ánh"})) == set()  # words must be adjacent
    assert ids(client.get(f"{API}/citizens/", {"search": "THI ANH"})) == {anh.pk}
    assert ids(client.get(f"{API}/citizens/", {"search": anh.id_number})) == {anh.pk}
