"""The identity paper as Mẫu 01/TCD and 02/TCD print it (NĐ 154 art. 12.1; Luật TCD art. 1): its issue date
and issuing body; a căn cước of a citizen whose birth was registered abroad; foreign passports."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from addons.tiepdan_case.models import Citizen
from addons.tiepdan_case.tests.admin_helpers import add, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, patch_json, post_json
from addons.tiepdan_case.tests.factories import MY_THO, CitizenFactory, unit

pytestmark = pytest.mark.django_db

# A căn cước whose first three digits (840) are a country code, not a Vietnamese province of birth.
BORN_ABROAD_NUMBER = "840080123456"


def _api_data(**overrides):
    data = {
        "full_name": "Trần Minh Khoa",
        "id_type": "can_cuoc",
        "id_number": "082080123456",
        "id_issued_on": "2021-06-15",
        "id_issued_place": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "date_of_birth": "1980-05-17",
        "gender": "nam",
        "address": "Số 5, đường Lê Lợi",
        "unit": MY_THO,
    }
    data.update(overrides)
    return data


def _admin_data(**overrides):
    data = {
        "full_name": "Trần Minh Khoa",
        "id_type": "can_cuoc",
        "id_number": "082080123456",
        "id_issued_on": "15/06/2021",
        "id_issued_place": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "id_issuing_country": "VN",
        "date_of_birth": "17/05/1980",
        "gender": "nam",
        "address": "Số 5, đường Lê Lợi",
        "unit": unit(MY_THO).pk,
    }
    data.update(overrides)
    return data


def _admin_errors(client, **overrides):
    response = client.post(add("citizen"), _admin_data(**overrides))
    assert response.status_code == 200, "the form was saved"
    return response.context["adminform"].form.errors


# --- issue date and issuing body ---------------------------------------------------------------------


def test_the_api_records_the_papers_issue_date_and_issuing_body(board_user):
    response = post_json(client_for(board_user), f"{API}/citizens/", _api_data())
    assert response.status_code == 201, response.content
    citizen = Citizen.objects.get(pk=response.json()["id"])
    assert citizen.id_issued_on == dt.date(2021, 6, 15)
    assert citizen.id_issued_place == "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
    assert response.json()["id_issued_on"] == "2021-06-15"


def test_the_citizen_form_records_the_issue_date_and_issuing_body(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(add("citizen"), _admin_data())
    assert response.status_code == 302
    citizen = Citizen.objects.get(id_number="082080123456")
    assert (citizen.id_issued_on, citizen.id_issued_place) == (
        dt.date(2021, 6, 15),
        "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    )


def test_a_paper_issued_before_the_citizen_was_born_is_refused_on_its_field(board_user):
    body = assert_error(
        post_json(client_for(board_user), f"{API}/citizens/", _api_data(id_issued_on="1979-01-01")), 400
    )
    assert body["fields"]["id_issued_on"] == [
        "Giấy tờ tùy thân không thể được cấp trước ngày sinh của công dân."
    ]


def test_a_paper_issued_in_the_future_is_refused_on_its_field(client):
    client.force_login(staff_user("ban_tcd"))
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    errors = _admin_errors(client, id_issued_on=future)
    assert errors["id_issued_on"] == ["Ngày cấp không thể là ngày trong tương lai."]
    assert not Citizen.objects.exists()


def test_an_issue_date_outside_the_calendar_of_the_forms_is_refused_without_a_500(board_user):
    body = assert_error(
        post_json(client_for(board_user), f"{API}/citizens/", _api_data(id_issued_on="0001-01-01")), 400
    )
    assert "id_issued_on" in body["fields"]


# --- born abroad -------------------------------------------------------------------------------------


def test_a_can_cuoc_with_a_country_prefix_is_refused_unless_born_abroad_is_marked(board_user):
    body = assert_error(
        post_json(client_for(board_user), f"{API}/citizens/", _api_data(id_number=BORN_ABROAD_NUMBER)), 400
    )
    (message,) = body["fields"]["id_number"]
    assert "(840)" in message and "sinh ở nước ngoài" in message
    assert not Citizen.objects.exists()


def test_a_can_cuoc_with_a_country_prefix_is_accepted_when_the_clerk_marks_born_abroad(client, board_user):
    response = post_json(
        client_for(board_user), f"{API}/citizens/", _api_data(id_number=BORN_ABROAD_NUMBER, born_abroad=True)
    )
    assert response.status_code == 201, response.content
    assert response.json()["born_abroad"] is True
    client.force_login(staff_user("ban_tcd"))
    errors = _admin_errors(client, id_number="840180654321", gender="nu")
    assert "sinh ở nước ngoài" in errors["id_number"][0]
    response = client.post(
        add("citizen"), _admin_data(id_number="840180654321", gender="nu", born_abroad="on")
    )
    assert response.status_code == 302
    assert Citizen.objects.get(id_number="840180654321").born_abroad


def test_born_abroad_keeps_every_other_rule_of_the_can_cuoc_number(board_user):
    # the fourth digit (1) says a woman born in the 1900s; the gender says a man
    body = assert_error(
        post_json(
            client_for(board_user),
            f"{API}/citizens/",
            _api_data(id_number="840180123456", born_abroad=True),
        ),
        400,
    )
    assert "id_number" in body["fields"]


def test_born_abroad_is_only_for_a_can_cuoc(board_user):
    body = assert_error(
        post_json(
            client_for(board_user),
            f"{API}/citizens/",
            _api_data(id_type="ho_chieu", id_number="B1234567", born_abroad=True),
        ),
        400,
    )
    assert "born_abroad" in body["fields"]


def test_the_database_refuses_born_abroad_on_a_passport():
    citizen = CitizenFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citizen.objects.filter(pk=citizen.pk).update(
            id_type="ho_chieu", id_number="B1234567", born_abroad=True
        )


# --- passports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "number"), [("US", "567123490"), ("KR", "M12345678"), ("FR", "19AB12345")]
)
def test_a_foreign_passport_is_accepted_in_its_own_format_with_its_issuing_country(
    board_user, country, number
):
    data = _api_data(
        full_name="John Smith", id_type="ho_chieu", id_number=number, id_issuing_country=country.lower(),
        id_issued_place="U.S. Department of State", gender="nam",
    )  # fmt: skip
    response = post_json(client_for(board_user), f"{API}/citizens/", data)
    assert response.status_code == 201, response.content
    citizen = Citizen.objects.get(pk=response.json()["id"])
    assert (citizen.id_issuing_country, citizen.id_number) == (country, number)


def test_a_vietnamese_passport_keeps_its_format_check(client):
    client.force_login(staff_user("ban_tcd"))
    errors = _admin_errors(client, id_type="ho_chieu", id_number="567123490", id_issuing_country="VN")
    assert errors["id_number"] == ["Số hộ chiếu Việt Nam gồm 1 chữ cái in hoa và 7 chữ số, ví dụ B1234567."]


def test_a_passport_needs_its_issuing_country(board_user):
    body = assert_error(
        post_json(
            client_for(board_user),
            f"{API}/citizens/",
            _api_data(id_type="ho_chieu", id_number="567123490", id_issuing_country=""),
        ),
        400,
    )
    assert "id_issuing_country" in body["fields"]


@pytest.mark.parametrize("country", ["USA", "U1", "Việt"])
def test_the_issuing_country_is_a_two_letter_code(board_user, country):
    data = _api_data(id_type="ho_chieu", id_number="567123490", id_issuing_country=country)
    body = assert_error(post_json(client_for(board_user), f"{API}/citizens/", data), 400)
    assert "id_issuing_country" in body["fields"]


def test_a_can_cuoc_is_issued_by_viet_nam_only(board_user):
    body = assert_error(
        post_json(client_for(board_user), f"{API}/citizens/", _api_data(id_issuing_country="US")), 400
    )
    assert "id_issuing_country" in body["fields"]


def test_the_database_refuses_a_can_cuoc_from_another_country():
    citizen = CitizenFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citizen.objects.filter(pk=citizen.pk).update(id_issuing_country="US")


def test_changing_a_vietnamese_passport_to_a_foreign_one_through_the_api_drops_the_format_check(board_user):
    citizen = CitizenFactory(id_type="ho_chieu", id_number="B1234567", date_of_birth=None)
    response = patch_json(
        client_for(board_user),
        f"{API}/citizens/{citizen.pk}/",
        {"id_number": "567123490", "id_issuing_country": "US"},
    )
    assert response.status_code == 200, response.content
    citizen.refresh_from_db()
    assert (citizen.id_number, citizen.id_issuing_country) == ("567123490", "US")
