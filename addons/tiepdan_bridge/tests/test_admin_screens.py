import pytest
from django.urls import reverse

from addons.tiepdan_bridge.models import BudgetLine, SiteCheck, SiteCheckItem
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user

from .common import site

pytestmark = pytest.mark.django_db

LISTS = ["bridgesite", "equipment", "budgetline", "sitecheck", "incident"]


@pytest.mark.parametrize("role", ["ban_tcd", "so_khcn", "ubnd_xa"])
def test_the_back_office_lists_open_for_the_roles_that_read_them(client, role):
    client.force_login(staff_user(role))
    for model in ("bridgesite", "sitecheck"):
        assert client.get(reverse(f"admin:tiepdan_bridge_{model}_changelist")).status_code == 200
    assert client.get(reverse("tiepdan_bridge:board")).status_code == 200


def test_another_communes_site_is_not_found_for_a_commune_user(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    other = site("XA-28249")
    assert client.get(reverse("admin:tiepdan_bridge_bridgesite_change", args=[other.pk])).status_code == 404
    own = client.get(reverse("admin:tiepdan_bridge_bridgesite_change", args=[site().pk]))
    assert own.status_code == 200


def _check_form(site_pk, **answers):
    data = {"site": site_pk, "kind": "chay_thu", "at_0": "20/11/2026", "at_1": "10:00", "note": ""}
    for item in ("network", "audio_video", "recording", "power", "security"):
        data[f"{item}_result"] = answers.get(item, "")
        data[f"{item}_note"] = ""
    data.update({"items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"})
    return data


def test_a_technical_officer_records_a_passing_test_run_in_the_back_office(client):
    user = staff_user("so_khcn")
    client.force_login(user)
    response = client.post(
        reverse("admin:tiepdan_bridge_sitecheck_add"),
        _check_form(site().pk, network="pass", recording="fail"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    check = SiteCheck.objects.get()
    rows = {r.item: (r.passed, r.answered_by) for r in SiteCheckItem.objects.filter(site_check=check)}
    assert rows == {"network": (True, user), "recording": (False, user)}


def test_the_back_office_refuses_an_item_of_another_agency(client):
    client.force_login(staff_user("dien_luc"))
    response = client.post(
        reverse("admin:tiepdan_bridge_sitecheck_add"), _check_form(site().pk, network="pass")
    )
    assert response.status_code == 200
    assert not SiteCheck.objects.exists()
    assert "network_result" in response.context["adminform"].form.errors


def test_finance_approves_a_line_or_returns_it_with_a_comment(client):
    from addons.tiepdan_bridge.services import budget

    proposer = make_user("ubnd_xa", commune=DAO_THANH)
    line = budget.save_line(
        proposer,
        BudgetLine(),
        {"site": site("XA-28249"), "item": "Bộ lưu điện UPS 3kVA", "quantity": 2, "unit_price": 18_500_000},
    )
    assert line.total == 37_000_000 and line.status == "proposed"
    finance = staff_user("so_tai_chinh")
    client.force_login(finance)
    url = reverse("admin:tiepdan_bridge_budgetline_change", args=[line.pk])
    response = client.post(url, {"decision": "return", "review_comment": ""})
    assert response.status_code == 200  # a comment is required to return
    assert response.context["adminform"].form.errors["review_comment"] == [
        "Vui lòng nêu lý do trả lại hạng mục."
    ]
    line.refresh_from_db()
    assert line.status == "proposed"
    response = client.post(url, {"decision": "return", "review_comment": "Đơn giá cao hơn giá thị trường"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.reviewed_by) == ("returned", finance)
    budget.save_line(proposer, line, {"unit_price": 15_000_000})
    line.refresh_from_db()
    assert (line.status, line.total) == ("proposed", 30_000_000)
    budget.review_line(finance, line, approve=True)
    line.refresh_from_db()
    assert line.status == "approved"


def test_the_board_shows_a_commune_user_only_its_own_site_in_vietnamese(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.get(reverse("tiepdan_bridge:board"))
    assert [row["site"].code for row in response.context["rows"]] == ["XA-28261"]
    assert "Bảng theo dõi tình trạng sẵn sàng của các điểm cầu" in response.content.decode()


def test_the_board_shows_the_technical_department_every_active_site(client):
    from addons.tiepdan_bridge.models import BridgeSite

    BridgeSite.objects.filter(code="XA-28249").update(is_active=False)
    client.force_login(staff_user("so_khcn"))
    response = client.get(reverse("tiepdan_bridge:board"))
    assert len(response.context["rows"]) == 104
    assert "XA-28249" not in {row["site"].code for row in response.context["rows"]}
    assert "Chưa sẵn sàng" in response.content.decode()


def test_sites_are_found_by_name_without_accents_on_the_board_and_in_the_back_office(client):
    client.force_login(staff_user("ban_tcd"))
    board = client.get(reverse("tiepdan_bridge:board"), {"q": "phuong dao thanh"})
    assert [row["site"].code for row in board.context["rows"]] == ["XA-28249"]
    listing = client.get(reverse("admin:tiepdan_bridge_bridgesite_changelist"), {"q": "PHƯỜNG MỸ THO"})
    assert [s.code for s in listing.context["cl"].result_list] == ["XA-28261"]
    by_code = client.get(reverse("admin:tiepdan_bridge_bridgesite_changelist"), {"q": "tinh-tthn"})
    assert [s.code for s in by_code.context["cl"].result_list] == ["TINH-TTHN"]


def test_changing_a_checks_note_in_the_back_office_goes_through_the_service(client):
    from addons.tiepdan_bridge.services.checks import record_check
    from addons.tiepdan_case.services.audit import history_of

    check = record_check(make_user("ban_tcd"), site(), "chay_thu", timezone_now_minus_hour())
    user = staff_user("so_khcn")
    client.force_login(user)
    data = _check_form(site().pk, network="pass")
    data["note"] = "Đường truyền ổn định"
    response = client.post(reverse("admin:tiepdan_bridge_sitecheck_change", args=[check.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    check.refresh_from_db()
    assert check.note == "Đường truyền ổn định"
    assert check.items.get(item="network").answered_by == user
    assert history_of(check).filter(actor=user, changes__note=["", "Đường truyền ổn định"]).exists()


def test_an_impossible_start_on_the_board_falls_back_to_the_next_working_day(client):
    client.force_login(staff_user("so_khcn"))
    response = client.get(reverse("tiepdan_bridge:board"), {"start": "2026-13-45T08:00:00"})
    assert response.status_code == 200
    assert response.context["start"] == response.context["starts"][0]


def timezone_now_minus_hour():
    from django.utils import timezone

    return timezone.now() - timezone.timedelta(hours=1)


def test_a_commune_clerk_finds_the_readiness_board_and_site_checks_in_the_sidebar(client):
    from addons.tiepdan_case.tests.admin_helpers import staff_user

    client.force_login(staff_user("ubnd_xa", commune="28261"))
    page = client.get("/").content.decode()
    assert 'href="/bridge/board/"' in page and "Bảng theo dõi sẵn sàng" in page
    assert "Kiểm tra điểm cầu" in page
    assert "Kho lưu trữ có ký số" not in page  # the archive is not a commune's business


def test_a_refusal_by_the_service_is_shown_on_the_site_form_and_keeps_what_was_typed(client, monkeypatch):
    from addons.tiepdan_bridge.admin import sites as site_admin
    from addons.tiepdan_case.services.errors import Conflict

    def refuse(actor, target, data):
        raise Conflict("Điểm cầu vừa được người khác sửa; hãy tải lại trang.")

    monkeypatch.setattr(site_admin.site_service, "save_site", refuse)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    url = reverse("admin:tiepdan_bridge_bridgesite_change", args=[site().pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update({"room": "Phòng họp tầng 2 — đã sửa"})
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Điểm cầu vừa được người khác sửa" in page
    assert "Phòng họp tầng 2 — đã sửa" in page
    assert site().room != "Phòng họp tầng 2 — đã sửa"


def test_answers_to_a_check_in_the_future_are_refused_on_the_time_field(client):
    from django.utils import timezone

    client.force_login(staff_user("so_khcn"))
    later = timezone.localtime() + timezone.timedelta(days=2)
    data = _check_form(site().pk, network="pass")
    data.update({"at_0": f"{later:%d/%m/%Y}", "at_1": f"{later:%H:%M}"})
    response = client.post(reverse("admin:tiepdan_bridge_sitecheck_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["at"] == ["Không thể trả lời kết quả kiểm tra trước thời điểm kiểm tra."], errors
    assert not SiteCheck.objects.exists()
