"""Issue 9's journey: the board builds a session from two accepted cases of two communes, the chairman
approves, the board announces, each commune marks its citizens invited and confirmed, the technical,
power and police officers record their checks, and the readiness page turns green."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, make_user, unit
from addons.tiepdan_session.models import Invitation, ReceptionSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ITEMS = {"so_khcn": ("network", "audio_video", "recording"), "dien_luc": ("power",), "cong_an": ("security",)}


def _staff(role, username, **kwargs):
    user = make_user(role, username=username, **kwargs)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _click_move(page, action):
    page.click(f"#session-actions button[data-action={action}]")
    page.wait_for_load_state("networkidle")


def test_a_session_goes_from_draft_to_ready_through_every_role(page, live_url, login):
    _staff("ban_tcd", "ban_tcd_phien")
    chair = _staff("chu_tich", "chu_tich_phien")
    _staff("ubnd_xa", "xa_my_tho_phien", commune=MY_THO)
    _staff("ubnd_xa", "xa_dao_thanh_phien", commune=DAO_THANH)
    for role in ITEMS:
        _staff(role, f"{role}_phien")
    cases = [
        CaseFactory(state="accepted", eligibility="khac", unit=unit(MY_THO), title="Khiếu nại bồi thường kè"),
        CaseFactory(
            state="accepted", eligibility="khac", unit=unit(DAO_THANH), title="Kiến nghị nạo vét kênh"
        ),
    ]
    day = add_working_days(timezone.localdate(), 8)

    # The board builds the session and its agenda.
    login(page, "ban_tcd_phien")
    page.goto(f"{live_url}/tiepdan_session/receptionsession/add/")
    page.select_option("[name=kind]", "dinh_ky")
    page.fill("[name=title]", "Tiếp công dân định kỳ tháng 12")
    page.fill("[name=focus]", "Bồi thường, thủy lợi")
    page.fill("[name=start_0]", f"{day:%d/%m/%Y}")
    page.fill("[name=start_1]", "08:00")
    page.fill("[name=end_0]", f"{day:%d/%m/%Y}")
    page.fill("[name=end_1]", "11:00")
    page.select_option("[name=chair]", str(chair.pk))
    page.select_option("[name=host_site]", str(BridgeSite.objects.get(code="TINH-TTHN").pk))
    page.locator("button[name=_continue]").first.click()
    page.wait_for_url("**/receptionsession/*/change/")
    session = ReceptionSession.objects.get()
    for case in cases:
        page.click("#add-agenda-item")
        page.select_option("[name=case]", str(case.pk))
        page.locator("button[name=_save]").first.click()
        page.wait_for_load_state("networkidle")
        assert "/agendaitem/add/" not in page.url, page.locator(".errorlist").all_inner_texts()
        page.goto(f"{live_url}/tiepdan_session/receptionsession/{session.pk}/change/")
    assert page.locator("#session-agenda .agenda-row").count() == 2
    _click_move(page, "submit")

    # The chairman approves; the board announces.
    login(page, "chu_tich_phien")
    page.goto(f"{live_url}/tiepdan_session/receptionsession/{session.pk}/change/")
    _click_move(page, "approve")
    login(page, "ban_tcd_phien")
    page.goto(f"{live_url}/tiepdan_session/receptionsession/{session.pk}/change/")
    _click_move(page, "announce")
    session.refresh_from_db()
    assert session.state == "announced" and session.video_room
    assert {c.state for c in (type(cases[0]).objects.filter(pk__in=[c.pk for c in cases]))} == {"scheduled"}

    # Each commune marks its citizens invited and confirmed.
    for username in ("xa_my_tho_phien", "xa_dao_thanh_phien"):
        login(page, username)
        page.goto(f"{live_url}/tiepdan_session/invitation/")
        links = page.locator("#result_list tbody tr th a, #result_list tbody tr td a")
        assert links.count() == 1
        links.first.click()
        page.select_option("[name=status]", "confirmed")
        page.select_option("[name=delivery_method]", "in_person")
        page.locator("button[name=_save]").first.click()
        page.wait_for_load_state("networkidle")
        assert "/change/" not in page.url, page.locator(".errorlist").all_inner_texts()
    assert set(Invitation.objects.values_list("status", flat=True)) == {"confirmed"}

    # The technical, power and police officers record their test runs at every site of the session (the
    # form takes minutes: the next minute is after the announcement and within the bridge's clock slack).
    sites = ["TINH-TTHN", "XA-28261", "XA-28249"]
    for role, items in ITEMS.items():
        login(page, f"{role}_phien")
        for code in sites:
            at = timezone.localtime() + dt.timedelta(minutes=1)
            site = BridgeSite.objects.get(code=code)
            page.goto(f"{live_url}/tiepdan_bridge/sitecheck/add/?site={site.pk}")
            page.select_option("select[name=kind]", "chay_thu")
            page.fill("input[name=at_0]", f"{at:%d/%m/%Y}")
            page.fill("input[name=at_1]", f"{at:%H:%M}")
            for item in items:
                page.check(f"input[name={item}_result][value=pass]")
            page.locator("button[name=_save]").first.click()
            page.wait_for_load_state("networkidle")
            assert "/sitecheck/add/" not in page.url, page.locator(".errorlist").all_inner_texts()

    # The readiness page turns green, and the board declares the session ready.
    login(page, "ban_tcd_phien")
    page.goto(f"{live_url}/sessions/{session.pk}/san-sang/")
    colour = page.locator("#session-readiness").get_attribute("data-colour")
    assert colour == "green", page.locator("#session-readiness table").inner_text()
    assert page.locator("#session-readiness tr[data-colour=green]").count() == 3
    page.goto(f"{live_url}/tiepdan_session/receptionsession/{session.pk}/change/")
    _click_move(page, "declare_ready")
    session.refresh_from_db()
    assert session.state == "ready"
