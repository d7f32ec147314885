import pytest

from addons.tiepdan_bridge.models import BridgeSite, BudgetLine, Equipment, Incident, SiteCheck
from addons.tiepdan_bridge.services import sites as site_service
from addons.tiepdan_case.services.errors import NotAllowed
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user

from .common import local, site

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows_at_two_communes(db):
    for code in ("XA-28261", "XA-28249"):
        s = site(code)
        Equipment.objects.create(site=s, kind="camera")
        BudgetLine.objects.create(site=s, item="Camera hội nghị", quantity=1, unit_price=25_000_000)
        SiteCheck.objects.create(site=s, kind="chay_thu", at=local(2026, 11, 20))
        Incident.objects.create(site=s, kind="video", started_at=local(2026, 11, 20, 9))


@pytest.mark.parametrize("role", ["quan_tri", "vp_ubnd", "ban_tcd", "thanh_tra", "chu_tich", "lanh_dao"])
def test_provincial_office_roles_see_every_site_and_everything_at_it(role, rows_at_two_communes):
    user = make_user(role)
    assert BridgeSite.objects.visible_to(user).count() == 105
    assert Equipment.objects.visible_to(user).count() == 2
    assert SiteCheck.objects.visible_to(user).count() == 2
    assert Incident.objects.visible_to(user).count() == 2


@pytest.mark.parametrize("role", ["so_khcn", "dien_luc", "cong_an"])
def test_the_answering_agencies_see_every_site_its_checks_and_incidents_but_no_budget(
    role, rows_at_two_communes
):
    user = make_user(role)
    assert BridgeSite.objects.visible_to(user).count() == 105
    assert SiteCheck.objects.visible_to(user).count() == 2
    assert Incident.objects.visible_to(user).count() == 2
    assert BudgetLine.objects.visible_to(user).count() == 0


def test_finance_sees_the_budget_lines_and_equipment_but_not_the_checks(rows_at_two_communes):
    user = make_user("so_tai_chinh")
    assert BudgetLine.objects.visible_to(user).count() == 2
    assert Equipment.objects.visible_to(user).count() == 2
    assert SiteCheck.objects.visible_to(user).count() == 0


def test_a_commune_user_sees_its_own_site_and_the_hosting_sites_but_no_other_commune(rows_at_two_communes):
    user = make_user("ubnd_xa", commune=MY_THO)
    codes = set(BridgeSite.objects.visible_to(user).values_list("code", flat=True))
    assert codes == {"XA-28261", "TW-BTCD", "TINH-TTHN", "TINH-TTT"}
    for model in (Equipment, BudgetLine, SiteCheck, Incident):
        assert set(model.objects.visible_to(user).values_list("site__code", flat=True)) == {"XA-28261"}


@pytest.mark.parametrize("role", ["so_nganh", "so_tu_phap", "bao_ptth", "trung_uong"])
def test_other_roles_read_only_the_active_sites_and_nothing_at_them(role, rows_at_two_communes):
    BridgeSite.objects.filter(code="XA-28249").update(is_active=False)
    user = make_user(role)
    assert BridgeSite.objects.visible_to(user).count() == 104
    for model in (Equipment, BudgetLine, SiteCheck, Incident):
        assert model.objects.visible_to(user).count() == 0


def test_an_anonymous_visitor_sees_no_site():
    from django.contrib.auth.models import AnonymousUser

    assert BridgeSite.objects.visible_to(AnonymousUser()).count() == 0


def test_a_commune_user_maintains_only_the_room_and_contact_of_its_own_site():
    user = make_user("ubnd_xa", commune=MY_THO)
    own = site("XA-28261")
    site_service.save_site(user, own, {"room": "Hội trường UBND phường", "capacity": 40})
    own.refresh_from_db()
    assert own.room == "Hội trường UBND phường" and own.capacity == 40
    with pytest.raises(NotAllowed):
        site_service.save_site(user, site("XA-28249"), {"room": "Phòng khác"})
    with pytest.raises(NotAllowed):
        site_service.save_site(user, own, {"can_host": True})
    with pytest.raises(NotAllowed):
        site_service.save_site(user, site("TINH-TTHN"), {"room": "Hội trường A"})


def test_the_board_maintains_every_site_and_the_change_is_in_the_history():
    from addons.tiepdan_case.services.audit import history_of

    user = make_user("ban_tcd")
    other = site("XA-28249")
    site_service.save_site(user, other, {"video_endpoint": "sip:daothanh@vc.dongthap.gov.vn"})
    assert history_of(other).filter(kind="changed", actor=user).exists()
    assert not site_service.can_maintain_site(make_user("so_khcn"), other)
    assert site_service.can_maintain_site(make_user("ubnd_xa", commune=DAO_THANH), other)


def test_a_video_endpoint_must_be_a_sip_or_h323_address():
    from addons.tiepdan_case.services.errors import Invalid

    with pytest.raises(Invalid):
        site_service.save_site(
            make_user("vp_ubnd"), site("TINH-TTT"), {"video_endpoint": "http://example.com"}
        )
