import pytest

from addons.tiepdan_bridge.models import SiteCheckItem
from addons.tiepdan_bridge.services import checks as check_service
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.errors import NotAllowed
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user

from .common import local, site

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(db):
    return check_service.record_check(make_user("ban_tcd"), site(), "chay_thu", local(2026, 11, 20))


@pytest.mark.parametrize(
    "role,item",
    [
        ("so_khcn", "network"),
        ("so_khcn", "audio_video"),
        ("so_khcn", "recording"),
        ("dien_luc", "power"),
        ("cong_an", "security"),
    ],
)
def test_each_item_is_answered_by_a_user_of_its_agency(role, item, check):
    user = make_user(role)
    row = check_service.answer_item(user, check, item, True, "Ổn định")
    assert (row.passed, row.answered_by, row.note) == (True, user, "Ổn định")
    assert row.answered_at is not None


@pytest.mark.parametrize(
    "role,item",
    [
        ("dien_luc", "network"),
        ("cong_an", "recording"),
        ("so_khcn", "power"),
        ("so_khcn", "security"),
        ("ban_tcd", "network"),
        ("quan_tri", "security"),
        ("vp_ubnd", "power"),
    ],
)
def test_a_wrong_agency_cannot_answer_an_item(role, item, check):
    with pytest.raises(NotAllowed):
        check_service.answer_item(make_user(role), check, item, True)
    assert not SiteCheckItem.objects.filter(site_check=check, item=item).exists()


def test_a_so_khcn_role_user_of_another_agency_cannot_answer():
    check = check_service.record_check(make_user("ban_tcd"), site(), "chay_thu", local(2026, 11, 20))
    outsider = make_user("so_khcn", agency_code="so-xay-dung")
    with pytest.raises(NotAllowed):
        check_service.answer_item(outsider, check, "network", True)


def test_the_site_commune_answers_network_and_audio_video_but_not_the_other_items(check):
    clerk = make_user("ubnd_xa", commune=MY_THO)
    check_service.answer_item(clerk, check, "network", True)
    check_service.answer_item(clerk, check, "audio_video", False, "Micro rè")
    for item in ("recording", "power", "security"):
        with pytest.raises(NotAllowed):
            check_service.answer_item(clerk, check, item, True)


def test_another_commune_cannot_answer_at_my_site(check):
    with pytest.raises(NotAllowed):
        check_service.answer_item(make_user("ubnd_xa", commune=DAO_THANH), check, "network", True)
    with pytest.raises(NotAllowed):
        check_service.record_check(
            make_user("ubnd_xa", commune=DAO_THANH), site(), "chay_thu", local(2026, 11, 20)
        )


def test_changing_an_answer_keeps_one_row_and_the_history_of_who_answered_what(check):
    first, second = make_user("so_khcn"), make_user("so_khcn")
    check_service.answer_item(first, check, "network", False, "Mất gói tin")
    check_service.answer_item(second, check, "network", True, "Đã khắc phục")
    row = SiteCheckItem.objects.get(site_check=check, item="network")
    assert (row.passed, row.answered_by) == (True, second)
    answers = history_of(check).filter(action="answer_network").order_by("at", "id")
    assert [(e.actor, e.changes["network"]) for e in answers] == [
        (first, [None, False]),
        (second, [False, True]),
    ]


def test_a_check_in_the_future_cannot_be_answered_yet():
    from django.utils import timezone

    from addons.tiepdan_case.services.errors import Invalid

    later = timezone.now() + timezone.timedelta(days=2)
    check = check_service.record_check(make_user("ban_tcd"), site(), "truoc_gio", later)
    with pytest.raises(Invalid):
        check_service.answer_item(make_user("so_khcn"), check, "network", True)


def test_changing_a_checks_note_is_kept_in_the_history(check):
    officer = make_user("so_khcn")
    check_service.update_check(officer, check, note="Chạy thử lần 2", answers={"network": (True, "")})
    check.refresh_from_db()
    assert check.note == "Chạy thử lần 2"
    changes = [e.changes for e in history_of(check).filter(kind="changed", actor=officer)]
    assert {"note": ["", "Chạy thử lần 2"]} in changes
    with pytest.raises(NotAllowed):
        check_service.update_check(make_user("ubnd_xa", commune=DAO_THANH), check, note="Sửa hộ")
