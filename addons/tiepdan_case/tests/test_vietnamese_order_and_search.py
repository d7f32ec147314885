"""Vietnamese alphabetical order on both databases, and accent-free search."""

import random

import pytest

from addons.tiepdan_case.collation import sort_key
from addons.tiepdan_case.models import Citizen
from addons.tiepdan_case.tests.factories import CitizenFactory
from addons.tiepdan_case.text import search_key

# a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tones (none, huyền, hỏi, ngã, sắc, nặng)
# decide only between names that are otherwise equal; a shorter word comes before a longer one.
EXPECTED = [
    "An",
    "An Bình",
    "An3",
    "Anh",
    "Ánh",
    "Ăn",
    "Ân",
    "Bảo",
    "Cường",
    "Dũng",
    "Dương",
    "Đào",
    "Đức",
    "Em",
    "Ê",
    "Fa",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hòa",
    "Hỏa",
    "Hóa",
    "Hồ",
    "Hợp",
    "Oanh",
    "Ôn",
    "Ơn",
    "Tú",
    "Tư",
    "Ứng",
    "Vy",
    "Wa",
    "Yến",
    "Za",
]


def test_lower_case_comes_before_upper_case_when_all_else_is_equal():
    assert sorted(["HOA", "Hoa", "hoa"], key=sort_key) == ["hoa", "Hoa", "HOA"]


def test_the_python_collation_gives_the_vietnamese_order():
    shuffled = EXPECTED[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == EXPECTED


@pytest.mark.django_db
def test_citizens_are_listed_in_vietnamese_order_on_this_database():
    shuffled = EXPECTED[:]
    random.Random(11).shuffle(shuffled)
    for name in shuffled:
        CitizenFactory(full_name=name)
    assert list(Citizen.objects.values_list("full_name", flat=True)) == EXPECTED


@pytest.mark.django_db
def test_full_names_sort_word_by_word():
    names = [
        "Trần Văn Ánh",
        "Nguyễn Văn Bình",
        "Đặng Thị Cúc",
        "Nguyễn Thị Yến",
        "Lê Đức Anh",
        "Lê Dũng",
        "Lê-Anh",
    ]
    for name in names:
        CitizenFactory(full_name=name)
    assert list(Citizen.objects.values_list("full_name", flat=True)) == [
        "Đặng Thị Cúc",
        "Lê Dũng",
        "Lê Đức Anh",
        "Lê-Anh",
        "Nguyễn Thị Yến",
        "Nguyễn Văn Bình",
        "Trần Văn Ánh",
    ]


def test_the_search_key_drops_accents_case_and_extra_spaces():
    assert search_key("Nguyễn  Thị Ánh") == "nguyen thi anh"
    assert search_key("ĐẶNG Văn Đức", None, "087") == "dang van duc 087"


@pytest.mark.django_db
def test_an_accent_free_query_finds_the_accented_name():
    wanted = CitizenFactory(full_name="Nguyễn Thị Ánh")
    CitizenFactory(full_name="Nguyễn Thị Hồng")
    found = Citizen.objects.filter(search_text__contains=search_key("nguyen thi anh"))
    assert list(found) == [wanted]
    assert list(Citizen.objects.filter(search_text__contains=search_key("NGUYỄN THỊ ÁNH"))) == [wanted]


@pytest.mark.django_db
def test_the_identity_number_is_searchable_too():
    wanted = CitizenFactory(full_name="Đỗ Văn Tài")
    assert list(Citizen.objects.filter(search_text__contains=wanted.id_number[-6:])) == [wanted]
