"""Registering an identity paper already known outside the user's scope never hands that person over."""

import pytest

from addons.tiepdan_case.services.citizens import register_citizen
from addons.tiepdan_case.services.errors import Conflict
from addons.tiepdan_case.tests.factories import (
    DAO_THANH,
    MY_THO,
    CaseFactory,
    CitizenFactory,
    make_user,
    unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def my_tho_citizen():
    citizen = CitizenFactory(unit=unit(MY_THO))
    CaseFactory(unit=unit(MY_THO), applicant=citizen)
    return citizen


def _same_paper(citizen, commune):
    return {
        "full_name": "Tên khác",
        "id_type": citizen.id_type,
        "id_number": citizen.id_number,
        "gender": citizen.gender,
        "date_of_birth": citizen.date_of_birth,
        "address": "Địa chỉ khác",
        "unit": unit(commune),
    }


def test_another_commune_gets_a_conflict_not_the_person(my_tho_citizen):
    with pytest.raises(Conflict) as refused:
        register_citizen(make_user("ubnd_xa", commune=DAO_THANH), _same_paper(my_tho_citizen, DAO_THANH))
    assert refused.value.code == "citizen_exists"
    assert "id_number" in refused.value.fields


def test_the_board_gets_the_registered_person(my_tho_citizen):
    citizen, created = register_citizen(make_user("ban_tcd"), _same_paper(my_tho_citizen, MY_THO))
    assert (citizen, created) == (my_tho_citizen, False)
