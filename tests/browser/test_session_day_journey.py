"""Issue 10's journey: the board starts a ready session, the commune clerk checks a citizen in, the
operator records two items — one heard with two directives, one absent — and concludes; the lead
department reports on the directives, the board accepts them and the case closes. A second browser
context, the commune's, follows the live view and sees the current item change without reloading."""

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user
from addons.tiepdan_session.models import Directive, ReceptionSession
from addons.tiepdan_session.tests.common import accepted_case, connect_sites, ready_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _staff(role, username, **kwargs):
    user = make_user(role, username=username, **kwargs)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_the_day_of_a_session_from_start_to_the_closed_case(browser, page, live_url, login):
    board = _staff("ban_tcd", "ban_tcd_ngay")
    chair = _staff("chu_tich", "chu_tich_ngay")
    _staff("ubnd_xa", "xa_my_tho_ngay", commune=MY_THO)
    _staff("ubnd_xa", "xa_dao_thanh_ngay", commune=DAO_THANH)
    _staff("so_nganh", "so_nn_mt_ngay", agency_code="so-nn-mt")
    heard = accepted_case(MY_THO, title="Khiếu nại bồi thường kè sông Tiền")
    absent = accepted_case(DAO_THANH, title="Kiến nghị nạo vét kênh nội đồng")
    session = ready_session({"board": board, "chair": chair}, cases=[heard, absent])
    connect_sites(session)
    first, second = session.agenda.order_by("order")
    citizen = first.invitations.select_related("citizen").get().citizen
    console_url = f"{live_url}/sessions/{session.pk}/dieu-hanh/"

    # The board starts the ready session from its console.
    login(page, "ban_tcd_ngay")
    page.goto(console_url)
    page.click("#session-start")
    page.wait_for_load_state("networkidle")
    assert ReceptionSession.objects.get(pk=session.pk).state == "in_progress"

    # The commune follows the live view in its own browser and checks its citizen in.
    commune = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    commune.set_default_timeout(15_000)
    clerk = commune.new_page()
    login(clerk, "xa_my_tho_ngay")
    clerk.goto(f"{live_url}/sessions/{session.pk}/truc-tiep/")
    assert clerk.locator("#live-current-item").get_attribute("data-item") == str(first.pk)
    row = clerk.locator(f"#check-in tr[data-invitation='{first.invitations.get().pk}']")
    row.locator("[name=id_number]").fill(citizen.id_number)
    row.locator("button[type=submit]").first.click()
    clerk.wait_for_load_state("networkidle")
    assert (
        "Có mặt"
        in clerk.locator(
            f"#check-in tr[data-invitation='{first.invitations.get().pk}'] .check-in-status"
        ).inner_text()
    )
    clerk.evaluate("window.__notReloaded = true")

    # The operator records the first item: presentation, conclusion, two directives, heard.
    page.goto(console_url)
    page.fill("#id_presentation", "Công dân chưa đồng ý mức bồi thường.")
    page.fill("#id_conclusion", "Giao Sở Nông nghiệp và Môi trường kiểm tra lại.")
    page.click("#save-statements")
    page.wait_for_load_state("networkidle")
    for instruction in ("Kiểm tra lại phương án bồi thường.", "Trả lời công dân bằng văn bản."):
        page.fill("#id_instruction", instruction)
        page.select_option("#id_lead_agency", label="Sở NN&MT")
        page.fill("#id_working_days", "10")
        page.click("#add-directive")
        page.wait_for_load_state("networkidle")
    assert page.locator("#console-directives li[data-directive]").count() == 2
    page.click("#outcome-heard")
    page.wait_for_load_state("networkidle")
    page.click("#next-item")
    page.wait_for_load_state("networkidle")

    # Without reloading, the commune's live view shows the second item on now.
    clerk.wait_for_selector(f"#live-current-item[data-item='{second.pk}']", timeout=20_000)
    assert clerk.evaluate("window.__notReloaded") is True

    # The second citizen did not come; the board concludes.
    page.click("#outcome-absent")
    page.wait_for_load_state("networkidle")
    page.click("#session-conclude")
    page.wait_for_load_state("networkidle")
    session.refresh_from_db()
    assert session.state == "concluded"
    assert Directive.objects.filter(session=session, issued_at__isnull=False).count() == 2
    assert Case.objects.get(pk=heard.pk).state == "following_up"
    assert Case.objects.get(pk=absent.pk).state == "accepted"
    commune.close()

    # The lead department reports each directive carried out, with the written answer sent to the citizen.
    answer = {"name": "tra-loi-cong-dan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    login(page, "so_nn_mt_ngay")
    directives = list(Directive.objects.filter(session=session).order_by("id"))
    for directive in directives:
        page.goto(f"{live_url}/tiepdan_session/directive/{directive.pk}/change/")
        page.click("a[data-move=bao-cao-hoan-thanh]")
        page.fill("[name=text]", "Đã kiểm tra lại hồ sơ và trả lời công dân bằng văn bản.")
        page.fill("[name=answer_number]", f"{directive.pk}/TL-SNNMT")
        page.fill("[name=answer_date]", f"{timezone.localdate():%d/%m/%Y}")
        page.set_input_files("[name=answer_file]", answer)
        page.click("#directive-move-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "/thao-tac/" not in page.url, page.locator(".errorlist").all_inner_texts()
    assert {d.state for d in Directive.objects.filter(session=session)} == {"reported"}

    # The board accepts both reports; every directive of the case is done and the case closes.
    login(page, "ban_tcd_ngay")
    for directive in directives:
        page.goto(f"{live_url}/tiepdan_session/directive/{directive.pk}/change/")
        page.click("a[data-move=cong-nhan]")
        page.click("#directive-move-form button[type=submit]")
        page.wait_for_load_state("networkidle")
    assert {d.state for d in Directive.objects.filter(session=session)} == {"done"}
    assert Case.objects.get(pk=heard.pk).state == "closed"
