"""A commune registers only citizens who live in that commune, whichever screen or service is used."""

import pytest

from addons.tiepdan_case.services.citizens import register_citizen, update_citizen
from addons.tiepdan_case.services.errors import Invalid
from addons.tiepdan_case.tests.factories import (
    DAO_THANH,
    MY_THO,
    CitizenFactory,
    make_user,
    unit,
    valid_can_cuoc,
)

pytestmark = pytest.mark.django_db


def _data(**overrides):
    return {
        "full_name": "Lê Thị Mai",
        "id_type": "can_cuoc",
        "id_number": valid_can_cuoc(1985, "nu"),
        "gender": "nu",
        "address": "Ấp 3",
        **overrides,
    }


def test_the_service_refuses_a_commune_clerks_citizen_from_another_commune():
    clerk = make_user("ubnd_xa", commune=MY_THO)
    with pytest.raises(Invalid) as exc:
        register_citizen(clerk, _data(unit=unit(DAO_THANH)))
    assert "unit" in exc.value.fields


def test_the_service_puts_a_commune_clerks_citizen_without_a_unit_in_their_commune():
    clerk = make_user("ubnd_xa", commune=MY_THO)
    citizen, created = register_citizen(clerk, _data())
    assert created and citizen.unit.code == MY_THO


def test_the_service_refuses_moving_a_citizen_out_of_the_clerks_commune():
    clerk = make_user("ubnd_xa", commune=MY_THO)
    citizen = CitizenFactory(unit=unit(MY_THO))
    with pytest.raises(Invalid):
        update_citizen(clerk, citizen, {"unit": unit(DAO_THANH)})
    citizen.refresh_from_db()
    assert citizen.unit.code == MY_THO


def test_the_board_registers_citizens_of_any_commune():
    citizen, created = register_citizen(make_user("ban_tcd"), _data(unit=unit(DAO_THANH)))
    assert created and citizen.unit.code == DAO_THANH
