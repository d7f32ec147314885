import pytest

from addons.tiepdan_bridge.data.sites import seed_sites
from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_the_central_and_two_provincial_sites_of_the_plan_are_seeded():
    central = BridgeSite.objects.get(code="TW-BTCD")
    assert central.level == "trung_uong" and central.can_host
    hall = BridgeSite.objects.get(code="TINH-TTHN")
    assert hall.name == "Trung tâm Hội nghị tỉnh Đồng Tháp"
    assert hall.address.startswith("Số 6C, đường Rạch Gầm, phường Mỹ Tho")
    inspectorate = BridgeSite.objects.get(code="TINH-TTT")
    assert inspectorate.address.startswith("Số 06, Lê Lợi, phường Mỹ Tho")
    assert {hall.level, inspectorate.level} == {"tinh"} and hall.can_host and inspectorate.can_host


def test_every_one_of_the_102_communes_and_wards_has_its_reception_point_as_a_site():
    communes = AdministrativeUnit.objects.exclude(kind="tinh")
    assert communes.count() == 102
    sites = BridgeSite.objects.filter(level="xa")
    assert sites.count() == 102
    assert set(sites.values_list("code", flat=True)) == {
        f"XA-{c}" for c in communes.values_list("code", flat=True)
    }
    my_tho = BridgeSite.objects.get(code="XA-28261")
    assert my_tho.unit.code == "28261" and not my_tho.can_host
    assert my_tho.host_agency.code == "ubnd-28261"


def test_seeding_again_changes_nothing_and_keeps_what_an_administrator_edited():
    from django.apps import apps

    site = BridgeSite.objects.get(code="XA-28249")
    site.room = "Phòng họp tầng 2"
    site.save()
    seed_sites(apps)
    assert BridgeSite.objects.count() == 105
    site.refresh_from_db()
    assert site.room == "Phòng họp tầng 2"
