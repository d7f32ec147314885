"""Reference data seeded by migration: units of Đồng Tháp, the agencies of the plan, holidays."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command

from addons.tiepdan_case.data import reference
from addons.tiepdan_case.models import AdministrativeUnit, Agency, CalendarDay

pytestmark = pytest.mark.django_db


def test_the_province_and_its_102_communes_and_wards_are_loaded():
    assert AdministrativeUnit.objects.count() == 103
    province = AdministrativeUnit.objects.get(code="82")
    assert (province.kind, province.parent) == ("tinh", None)
    communes = AdministrativeUnit.objects.exclude(pk=province.pk)
    assert communes.count() == 102
    assert set(communes.values_list("kind", flat=True)) == {"xa", "phuong"}
    assert not communes.exclude(parent=province).exists()


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("28261", "Phường Mỹ Tho", "phuong"),
        ("28249", "Phường Đạo Thạnh", "phuong"),
        ("30037", "Xã Tháp Mười", "xa"),
    ],
)
def test_official_codes_carry_their_names(code, name, kind):
    unit = AdministrativeUnit.objects.get(code=code)
    assert (unit.name, unit.kind) == (name, kind)


def test_every_agency_of_the_plan_exists():
    for code, name, _short, kind, parent in reference.AGENCIES:
        agency = Agency.objects.get(code=code)
        assert (agency.name, agency.kind) == (name, kind)
        assert (agency.parent.code if agency.parent else None) == parent
    for kind in (
        "ubnd_tinh",
        "vp_ubnd",
        "ban_tcd",
        "thanh_tra",
        "cong_an",
        "dien_luc",
        "bao_ptth",
        "trung_uong",
    ):
        assert Agency.objects.filter(kind=kind).exists(), kind
    assert Agency.objects.get(code="so-nn-mt").name == "Sở Nông nghiệp và Môi trường"


def test_each_commune_has_its_peoples_committee():
    communes = AdministrativeUnit.objects.exclude(kind="tinh")
    committees = Agency.objects.filter(kind="ubnd_xa")
    assert committees.count() == 102
    assert set(committees.values_list("unit_id", flat=True)) == set(communes.values_list("pk", flat=True))
    assert Agency.objects.get(code="ubnd-28261").name == "Ủy ban nhân dân Phường Mỹ Tho"


def test_holidays_of_2026_and_2027_are_seeded():
    holidays = CalendarDay.objects.filter(kind="holiday")
    assert holidays.filter(date__year=2026).count() >= 10
    assert holidays.filter(date__year=2027).count() >= 10
    for day in range(16, 21):
        assert holidays.filter(date=dt.date(2026, 2, day)).exists()
    assert holidays.filter(date=dt.date(2026, 9, 2)).exists()
    assert not holidays.filter(date__week_day__in=[1, 7]).exists()  # only weekdays need a row


def test_loading_the_reference_data_again_changes_nothing():
    before = (AdministrativeUnit.objects.count(), Agency.objects.count(), CalendarDay.objects.count())
    reference.load_all(apps)
    call_command("load_reference", verbosity=0)
    after = (AdministrativeUnit.objects.count(), Agency.objects.count(), CalendarDay.objects.count())
    assert before == after


def test_load_reference_restores_a_renamed_unit_and_keeps_an_admins_holiday():
    AdministrativeUnit.objects.filter(code="28261").update(name="Sai tên")
    extra = CalendarDay.objects.create(date=dt.date(2026, 12, 31), kind="holiday", name="Nghỉ thêm")
    call_command("load_reference", verbosity=0)
    assert AdministrativeUnit.objects.get(code="28261").name == "Phường Mỹ Tho"
    assert CalendarDay.objects.filter(pk=extra.pk).exists()
