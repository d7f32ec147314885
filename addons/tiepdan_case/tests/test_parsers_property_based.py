"""Hypothesis tests of the parsers every screen and the API share (issue 12, "Input and files"): the
căn cước check, the phone parser and the date bounds. Whatever text comes in, the parser answers a value
or a Vietnamese error — it never raises anything else — and what it accepts round-trips."""

import datetime as dt
import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from config.formats import bounds

from ..api.fields import BoundedDateField, BoundedDateTimeField
from ..validators import BIRTH_PROVINCE_CODES, CENTURY_GENDER, can_cuoc_errors, format_phone, parse_phone

FAST = settings(max_examples=100, deadline=None, database=None)


# --- căn cước --------------------------------------------------------------------------------------


@st.composite
def citizens_with_their_number(draw):
    """A person (birth date 1900–2099, gender) and a căn cước number consistent with them."""
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
    gender = draw(st.sampled_from(["nam", "nu"]))
    digit = next(
        d
        for d, (century, g) in CENTURY_GENDER.items()
        if g == gender and century <= born.year < century + 100
    )
    province = draw(st.sampled_from(sorted(BIRTH_PROVINCE_CODES)))
    serial = draw(st.text(alphabet=string.digits, min_size=6, max_size=6))
    return f"{province}{digit}{born.year % 100:02d}{serial}", born, gender


@FAST
@given(citizens_with_their_number())
def test_a_number_consistent_with_the_person_is_accepted(person):
    number, born, gender = person
    assert can_cuoc_errors(number, born, gender) == []
    assert can_cuoc_errors(f"  {number} ", born, gender) == []


@FAST
@given(citizens_with_their_number(), st.sampled_from(["nam", "nu"]))
def test_the_fourth_digit_must_match_the_gender(person, other_gender):
    number, born, gender = person
    errors = can_cuoc_errors(number, born, other_gender)
    assert (errors == []) == (other_gender == gender)


@FAST
@given(citizens_with_their_number(), st.text(alphabet=string.digits, min_size=3, max_size=3))
def test_an_unknown_province_of_birth_is_refused(person, province):
    number, born, gender = person
    errors = can_cuoc_errors(province + number[3:], born, gender)
    assert (errors == []) == (province in BIRTH_PROVINCE_CODES)


@FAST
@given(st.text(max_size=30), st.one_of(st.none(), st.dates()), st.sampled_from([None, "nam", "nu"]))
def test_any_text_gets_a_list_of_messages_never_an_exception(text, born, gender):
    errors = can_cuoc_errors(text, born, gender)
    assert isinstance(errors, list) and all(isinstance(e, str) and e for e in errors)
    stripped = text.strip()
    if not (stripped.isdigit() and len(stripped) == 12 and stripped.isascii()):
        assert errors  # anything but 12 ASCII digits is refused


# --- phones ------------------------------------------------------------------------------------------

MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
                   "081", "082", "083", "084", "085", "086", "088", "090", "091", "093", "094", "096",
                   "097", "098"]  # fmt: skip


@st.composite
def vietnamese_mobiles(draw):
    prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    rest = draw(st.text(alphabet=string.digits, min_size=7, max_size=7))
    return prefix + rest


def spellings(number: str):
    """The ways a clerk types one number: 0912345678, 0912 345 678, 0912.345.678, +84 912 345 678 …"""
    national = number[1:]
    return st.sampled_from(
        [
            number,
            f"{number[:4]} {number[4:7]} {number[7:]}",
            f"{number[:4]}.{number[4:7]}.{number[7:]}",
            f"{number[:4]}-{number[4:7]}-{number[7:]}",
            f"+84{national}",
            f"+84 {national[:3]} {national[3:6]} {national[6:]}",
            f"(+84) {national}",
            f" {number} ",
        ]
    )


@FAST
@given(st.data())
def test_every_spelling_of_a_mobile_number_is_the_same_e164_number(data):
    number = data.draw(vietnamese_mobiles())
    typed = data.draw(spellings(number))
    parsed = parse_phone(typed)
    assert str(parsed) == "+84" + number[1:]
    assert str(parse_phone(format_phone(parsed))) == str(parsed)  # the shown form reads back the same


@FAST
@given(st.text(max_size=40))
def test_any_text_is_a_phone_number_or_a_validation_error(text):
    try:
        parsed = parse_phone(text)
    except ValidationError as exc:
        assert exc.messages and all(exc.messages)
        return
    assert parsed is None or str(parsed).startswith("+")
    if parsed is None:
        assert not text.strip()


# --- dates -------------------------------------------------------------------------------------------

OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)


@FAST
@given(st.text(max_size=40))
def test_any_text_is_a_date_time_within_the_bounds_or_none(text):
    value = bounds.parse_datetime(text)
    if value is not None:
        assert value.tzinfo is not None
        assert bounds.EARLIEST - dt.timedelta(days=1) <= value.date() <= bounds.LATEST + dt.timedelta(days=1)


@FAST
@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(9998, 12, 30)), OFFSETS)
def test_a_date_time_within_the_bounds_reads_back_as_the_same_instant(moment, offset):
    aware = moment.replace(microsecond=0, tzinfo=offset)
    parsed = bounds.parse_datetime(aware.isoformat())
    assert parsed == aware
    assert abs(parsed.utcoffset()) < dt.timedelta(hours=16)  # PostgreSQL takes it


@FAST
@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59)), OFFSETS)
def test_a_date_time_outside_the_bounds_is_none(moment, offset):
    aware = moment.replace(tzinfo=offset)
    if bounds.in_bounds(aware):
        return
    assert bounds.parse_datetime(aware.isoformat()) is None


@pytest.mark.django_db
@FAST
@given(st.one_of(st.text(max_size=30), st.dates().map(dt.date.isoformat), st.integers(), st.none()))
def test_the_api_date_field_answers_a_date_within_the_bounds_or_a_validation_error(value):
    field = BoundedDateField()
    try:
        day = field.run_validation(value)
    except serializers.ValidationError as exc:
        assert exc.detail
        return
    assert bounds.EARLIEST <= day <= bounds.LATEST


@pytest.mark.django_db
@FAST
@given(
    st.one_of(
        st.text(max_size=30),
        st.builds(lambda m, o: m.replace(tzinfo=o).isoformat(), st.datetimes(), OFFSETS),
    )
)
def test_the_api_date_time_field_answers_an_instant_within_the_bounds_or_a_validation_error(value):
    field = BoundedDateTimeField()
    try:
        moment = field.run_validation(value)
    except serializers.ValidationError as exc:
        assert exc.detail
        return
    assert bounds.in_bounds(moment)
