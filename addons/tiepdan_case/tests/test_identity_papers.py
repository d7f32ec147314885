"""Căn cước numbers, other identity papers and phone numbers: each mistake gets its own message."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from addons.tiepdan_case.models import Citizen
from addons.tiepdan_case.services.citizens import register_citizen
from addons.tiepdan_case.services.errors import Invalid
from addons.tiepdan_case.tests.factories import MY_THO, unit
from addons.tiepdan_case.validators import can_cuoc_errors, format_phone, identity_errors, parse_phone

BORN_1980 = dt.date(1980, 5, 17)
BORN_2004 = dt.date(2004, 3, 9)


def msg(english: str, **params) -> str:
    """The message as the active language writes it (the catalogue may or may not be translated yet)."""
    text = gettext(english)
    return text % params if params else text


# --- căn cước -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "born", "gender"),
    [
        ("082080123456", BORN_1980, "nam"),  # 20th century, man
        ("087180000001", BORN_1980, "nu"),  # 20th century, woman, Đồng Tháp's birth code
        ("001204654321", BORN_2004, "nam"),  # 21st century, man
        ("079304000777", BORN_2004, "nu"),  # 21st century, woman
    ],
)
def test_a_consistent_can_cuoc_number_has_no_error(number, born, gender):
    assert can_cuoc_errors(number, born, gender) == []


def test_a_can_cuoc_number_with_letters_or_signs_is_refused():
    expected = [msg("The identity number may contain digits only (0–9).")]
    assert can_cuoc_errors("08208012345A", BORN_1980, "nam") == expected
    assert can_cuoc_errors("082-080-123456", BORN_1980, "nam") == expected


@pytest.mark.parametrize("number", ["08208012345", "0820801234567"])
def test_a_can_cuoc_number_must_have_twelve_digits(number):
    assert can_cuoc_errors(number, BORN_1980, "nam") == [
        msg(
            "The identity number must have exactly 12 digits; this one has %(count)d.",
            count=len(number),
        )
    ]


def test_the_first_three_digits_must_be_a_birth_province_code():
    assert can_cuoc_errors("003080123456", BORN_1980, "nam") == [
        msg(
            "The first three digits (%(code)s) are not the code of a Vietnamese province of birth "
            "registration. If the citizen's birth was registered abroad, tick “birth registered abroad”.",
            code="003",
        )
    ]


def test_the_century_digit_must_match_the_birth_year():
    # 2 = a man born 2000–2099, but he was born in 1980.
    assert can_cuoc_errors("082280123456", BORN_1980, "nam") == [
        msg(
            "The fourth digit (%(digit)s) is for people born %(start)d–%(end)d, not in %(year)d.",
            digit="2",
            start=2000,
            end=2099,
            year=1980,
        )
    ]


def test_the_gender_digit_must_match_the_gender():
    errors = can_cuoc_errors("082180123456", BORN_1980, "nam")  # 1 = a woman born 1900–1999
    assert len(errors) == 1
    assert "(1)" in errors[0]
    assert errors == [
        msg(
            "The fourth digit (%(digit)s) is for a %(digit_gender)s, but the gender entered is %(gender)s.",
            digit="1",
            digit_gender=gettext("Female").lower(),
            gender=gettext("Male").lower(),
        )
    ]


def test_the_year_digits_must_be_the_end_of_the_birth_year():
    assert can_cuoc_errors("082081123456", BORN_1980, "nam") == [
        msg(
            "The fifth and sixth digits (%(yy)s) must be the last two digits of the birth year (%(year)d).",
            yy="81",
            year=1980,
        )
    ]


def test_several_mistakes_in_one_number_are_all_reported():
    errors = can_cuoc_errors("003181123456", BORN_1980, "nam")
    assert len(errors) == 3  # province code, gender digit, year digits


def test_without_birth_date_or_gender_only_the_number_itself_is_checked():
    assert can_cuoc_errors("082280123456") == []


@pytest.mark.parametrize("number", ["B1234567", "c7654321"])
def test_a_passport_number_is_one_letter_and_seven_digits(number):
    assert identity_errors("ho_chieu", number) == []


@pytest.mark.parametrize("number", ["12345678", "BB123456", "B123456", "B12345678"])
def test_a_malformed_vietnamese_passport_number_is_refused(number):
    assert identity_errors("ho_chieu", number) == [
        msg("A Vietnamese passport number is one capital letter followed by 7 digits, for example B1234567.")
    ]


def test_an_identity_certificate_number_has_twelve_digits_and_no_birth_rules():
    assert identity_errors("giay_chung_nhan_can_cuoc", "999999999999", BORN_1980, "nam") == []
    assert identity_errors("giay_chung_nhan_can_cuoc", "99999999999") == [
        msg("The identity certificate number must have exactly 12 digits.")
    ]


def test_an_empty_identity_number_is_asked_for():
    assert identity_errors("can_cuoc", "  ") == [msg("Enter the identity number.")]


# --- phones ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "+84-912-345-678"]
)
def test_a_mobile_number_in_any_spelling_is_stored_in_e164_and_shown_in_groups(raw):
    phone = parse_phone(raw)
    assert phone.as_e164 == "+84912345678"
    assert format_phone(phone) == "0912 345 678"


@pytest.mark.parametrize("raw", ["02773851234", "(0277) 3851 234", "+84 277 3851 234"])
def test_a_landline_number_is_stored_in_e164(raw):
    phone = parse_phone(raw)
    assert phone.as_e164 == "+842773851234"
    assert format_phone(phone) == "0277 3851 234"


def test_an_empty_phone_is_allowed():
    assert parse_phone("  ") is None


@pytest.mark.parametrize(
    ("raw", "english"),
    [
        ("091234", "The phone number is too short: a mobile number has 10 digits, like 0912 345 678."),
        ("091234567890", "The phone number is too long: a mobile number has 10 digits, like 0912 345 678."),
        ("0112345678", "No Vietnamese phone number starts like this; check the first digits."),
        ("09123abc78", "A phone number may contain only digits, spaces and a leading +."),
    ],
)
def test_a_wrong_phone_number_gets_its_own_reason(raw, english):
    with pytest.raises(ValidationError) as exc:
        parse_phone(raw)
    assert exc.value.messages == [msg(english)]


# --- the Citizen model and registration -----------------------------------------------------------------


def _citizen(**overrides):
    data = {
        "full_name": "Trần Thị Bích",
        "id_type": "can_cuoc",
        "id_number": "087180000001",
        "date_of_birth": BORN_1980,
        "gender": "nu",
        "phone": "+84912345678",
        "address": "Số 5, ấp Mỹ Phú",
        "unit": unit(MY_THO),
    }
    data.update(overrides)
    return Citizen(**data)


@pytest.mark.django_db
def test_full_clean_reports_a_can_cuoc_mistake_on_the_id_number_field():
    with pytest.raises(ValidationError) as exc:
        _citizen(gender="nam").full_clean()
    assert set(exc.value.message_dict) == {"id_number"}


@pytest.mark.django_db
def test_full_clean_reports_a_future_birth_date_on_its_field():
    with pytest.raises(ValidationError) as exc:
        _citizen(date_of_birth=dt.date.today() + dt.timedelta(days=1)).full_clean()
    assert "date_of_birth" in exc.value.message_dict


@pytest.mark.django_db
def test_full_clean_reports_a_wrong_phone_on_the_phone_field():
    with pytest.raises(ValidationError) as exc:
        _citizen(phone="0112345678").full_clean()
    assert set(exc.value.message_dict) == {"phone"}


@pytest.mark.django_db
def test_full_clean_accepts_a_consistent_citizen_and_upper_cases_a_passport():
    citizen = _citizen(id_type="ho_chieu", id_number=" b1234567 ")
    citizen.full_clean()
    assert citizen.id_number == "B1234567"


@pytest.mark.django_db
def test_full_clean_refuses_a_second_citizen_with_the_same_paper():
    _citizen().save()
    with pytest.raises(ValidationError) as exc:
        _citizen(full_name="Người khác").full_clean()
    assert "__all__" in exc.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_two_citizens_with_the_same_identity_paper():
    _citizen().save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _citizen(full_name="Người khác").save()


@pytest.mark.django_db
def test_the_same_number_may_exist_under_another_kind_of_paper():
    _citizen().save()
    _citizen(id_type="giay_chung_nhan_can_cuoc").save()
    assert Citizen.objects.count() == 2


@pytest.mark.django_db
def test_registering_a_known_citizen_returns_the_existing_record(board_user):
    first, created = register_citizen(board_user, {**_citizen_data(), "full_name": "Trần Thị Bích"})
    again, created_again = register_citizen(board_user, {**_citizen_data(), "id_number": " 087180000001 "})
    assert created and not created_again
    assert again.pk == first.pk
    assert Citizen.objects.count() == 1


@pytest.mark.django_db
def test_registering_with_a_wrong_number_raises_invalid_on_the_field(board_user):
    with pytest.raises(Invalid) as exc:
        register_citizen(board_user, {**_citizen_data(), "id_number": "087180000"})
    assert "id_number" in exc.value.fields
    assert Citizen.objects.count() == 0


@pytest.mark.django_db
def test_registering_stores_the_phone_in_e164(board_user):
    citizen, _created = register_citizen(board_user, {**_citizen_data(), "phone": "0912 345 678"})
    citizen.refresh_from_db()
    assert str(citizen.phone) == "+84912345678"
    assert citizen.phone_display == "0912 345 678"


def _citizen_data():
    return {
        "full_name": "Trần Thị Bích",
        "id_type": "can_cuoc",
        "id_number": "087180000001",
        "date_of_birth": BORN_1980,
        "gender": "nu",
        "phone": "+84912345678",
        "address": "Số 5, ấp Mỹ Phú",
        "unit": unit(MY_THO),
    }
