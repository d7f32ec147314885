"""A commune clerk's day in the browser: the home queue, a new reception for one citizen and for a group
pasted from a spreadsheet, a draft that says why it cannot be sent; the board's and an agency's queues."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from addons.tiepdan_case.models import Case, ReceivedPaper
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, agency, make_user, valid_can_cuoc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def _staff(role, username, **kwargs):
    user = make_user(role, username=username, **kwargs)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _count(page, title):
    return int(page.locator(f'[data-queue-line="{title}"] [data-count]').text_content())


def _fill_case(page, title):
    page.select_option("[name=case_type]", "khieu_nai")
    page.fill("[name=title]", title)
    page.fill("[name=summary]", "Công dân khiếu nại mức bồi thường khi thu hồi đất.")


def test_a_commune_clerk_receives_one_citizen_from_the_home_page(page, live_url, login):
    _staff("ubnd_xa", "xa_mot_nguoi", commune=MY_THO)
    login(page, "xa_mot_nguoi")
    page.goto(f"{live_url}/")
    page.click("[data-queue-button]")
    page.fill("[name=people-0-full_name]", "Nguyễn Văn Một")
    page.fill("[name=people-0-id_number]", valid_can_cuoc(1970))
    page.fill("[name=people-0-date_of_birth]", "15/06/1970")
    page.fill("[name=people-0-address]", "Khóm 3, phường Mỹ Tho")
    page.click("#people-rows details.person-details summary")  # the paper's details
    page.fill("[name=people-0-id_issued_on]", "15/06/2021")
    page.fill("[name=people-0-id_issued_place]", ISSUER)
    _fill_case(page, "Khiếu nại của ông Một")
    page.click("#add-paper")
    page.fill("[name=papers-0-name]", "Đơn khiếu nại")
    page.fill("[name=papers-0-pages]", "2")
    page.click("#save-reception")
    page.wait_for_url("**/tiepdan_case/case/*/change/")
    case = Case.objects.get(title="Khiếu nại của ông Một")
    assert case.participants.count() == 1 and case.receptions.count() == 1
    assert ReceivedPaper.objects.get(reception__case=case).name == "Đơn khiếu nại"
    citizen = case.participants.get().citizen
    assert (citizen.id_issued_on, citizen.id_issued_place) == (dt.date(2021, 6, 15), ISSUER)


def test_enter_in_a_persons_row_adds_the_next_row_with_its_own_paper_details(page, live_url, login):
    _staff("ubnd_xa", "xa_phim_enter", commune=MY_THO)
    login(page, "xa_phim_enter")
    page.goto(f"{live_url}/tiepdan_case/case/tiep-cong-dan-moi/")
    page.fill("[name=people-0-full_name]", "Nguyễn Văn Một")
    page.press("[name=people-0-full_name]", "Enter")
    expect(page.locator("#people-rows .person-row")).to_have_count(2)
    expect(page.locator("[name=people-1-full_name]")).to_be_focused()
    page.keyboard.type("Trần Thị Hai")
    page.press("[name=people-1-full_name]", "Enter")
    expect(page.locator("[name=people-2-full_name]")).to_be_focused()
    assert page.input_value("#id_people-TOTAL_FORMS") == "3"
    expect(page.locator("#people-rows details.person-details")).to_have_count(3)  # one per person
    page.locator("#people-rows details.person-details summary").nth(1).click()
    expect(page.locator("[name=people-1-id_issued_on]")).to_be_visible()
    assert "3 người" not in page.text_content("#people-counter")  # the empty third row is not counted


def test_a_commune_clerk_receives_an_organisation_through_its_representative(page, live_url, login):
    _staff("ubnd_xa", "xa_to_chuc", commune=MY_THO)
    login(page, "xa_to_chuc")
    page.goto(f"{live_url}/tiepdan_case/case/tiep-cong-dan-moi/")
    page.fill("[name=people-0-full_name]", "Lê Văn Hợp")
    page.fill("[name=people-0-id_number]", valid_can_cuoc(1975))
    page.fill("[name=people-0-date_of_birth]", "15/06/1975")
    page.fill("[name=people-0-address]", "Ấp Mỹ Phú, phường Mỹ Thọ")
    page.select_option("[name=people-0-role]", "dai_dien_to_chuc")
    # The role needs the paper that proves it: the row's details open by themselves.
    expect(page.locator("[name=people-0-authorization_document]")).to_be_visible()
    page.fill("[name=people-0-authorization_document]", "Giấy ủy quyền số 12/GUQ-HTX ngày 01/11/2026")
    page.click("#organisation summary")
    page.fill("[name=organisation_name]", "Hợp tác xã nông nghiệp Mỹ Phú")
    page.fill("[name=organisation_address]", "Ấp Mỹ Phú, phường Mỹ Thọ, tỉnh Đồng Tháp")
    _fill_case(page, "Khiếu nại của hợp tác xã")
    page.click("#save-reception")
    page.wait_for_url("**/tiepdan_case/case/*/change/")
    case = Case.objects.get(title="Khiếu nại của hợp tác xã")
    assert case.organisation_name == "Hợp tác xã nông nghiệp Mỹ Phú"
    assert case.participants.get().role == "dai_dien_to_chuc"


def test_a_commune_clerk_registers_a_group_pasted_from_a_spreadsheet(page, live_url, login):
    _staff("ubnd_xa", "xa_doan_dong", commune=MY_THO)
    login(page, "xa_doan_dong")
    page.goto(f"{live_url}/tiepdan_case/case/tiep-cong-dan-moi/")
    lines = [
        f"Người Thứ {i}\t{valid_can_cuoc(1960 + i, 'nu' if i % 2 else 'nam')}\t01/02/{1960 + i}\t{'Nữ' if i % 2 else 'Nam'}\t09123456{i:02d}\tKhóm {i}"
        for i in range(11)
    ]
    # The optional columns after the address: issue date, issuing body, country, birth registered abroad.
    lines.append(
        f"Người Thứ 11\t840070123456\t01/02/1970\tNam\t0912345611\tKhóm 11\t02/08/2023\t{ISSUER}\tVN\tCó"
    )
    page.click("#group-import summary")
    page.fill("#paste-people", "\n".join(lines))
    page.click("#import-people")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#people-rows .person-row")
    assert rows.count() == 12  # the empty first row is replaced by the pasted people
    assert "12 người" in page.text_content("#people-counter")
    for i in range(3):
        page.select_option(f"[name=people-{i}-role]", "nguoi_dai_dien")
    assert "3 người đại diện (tối đa 5)" in page.text_content("#people-counter")
    for i in range(3, 6):
        page.select_option(f"[name=people-{i}-role]", "nguoi_dai_dien")
    assert "text-red-600" in page.get_attribute("#people-counter", "class")  # 6 > 5: the rule breaks
    assert page.is_visible("#people-rule")
    for i in range(3, 6):
        page.select_option(f"[name=people-{i}-role]", "thanh_vien")
    _fill_case(page, "Khiếu nại của 12 hộ dân")
    page.click("#save-reception")
    page.wait_for_url("**/tiepdan_case/case/*/change/")
    case = Case.objects.get(title="Khiếu nại của 12 hộ dân")
    assert case.is_group and case.group_size == 12 and case.participants.count() == 12
    assert case.participants.get(citizen__id_number="840070123456").citizen.born_abroad


def test_a_draft_that_cannot_be_sent_shows_its_reasons(page, live_url, login):
    _staff("ubnd_xa", "xa_ban_nhap", commune=MY_THO)
    case = CaseFactory(applicant=False)
    login(page, "xa_ban_nhap")
    page.goto(f"{live_url}/tiepdan_case/case/{case.pk}/change/")
    assert "Vụ việc phải có ít nhất một công dân." in page.text_content("#submit-problems")
    page.click("#case-actions a[data-action=submit]")
    assert "Vụ việc phải có ít nhất một công dân." in page.text_content("#submit-problems")
    assert "không áp dụng được" not in page.content()
    case.refresh_from_db()
    assert case.state == "draft"


def test_the_home_queues_of_a_commune_the_board_and_an_agency_count_right(page, live_url, login):
    _staff("ubnd_xa", "xa_hang_doi", commune=MY_THO)
    board = _staff("ban_tcd", "ban_hang_doi")
    _staff("so_tu_phap", "so_hang_doi")
    CaseFactory()
    CaseFactory(applicant=False)
    CaseFactory(state="submitted")
    returned = CaseFactory(state="submitted")
    case_workflow.perform(board, returned.pk, "return", note="Thiếu chữ ký")
    assigned = CaseFactory(state="accepted", outcome_due=timezone.localdate() - dt.timedelta(days=1))
    assigned.assigned_agencies.add(agency("so-tu-phap"))

    login(page, "xa_hang_doi")
    page.goto(f"{live_url}/")
    assert _count(page, "Hồ sơ nháp chưa gửi về tỉnh") == 2
    assert _count(page, "Vụ việc tỉnh trả lại") == 1 and "Thiếu chữ ký" in page.content()

    login(page, "ban_hang_doi")
    page.goto(f"{live_url}/")
    assert _count(page, "Vụ việc chờ tiếp nhận") == 1
    assert _count(page, "Trả lời công dân quá hạn") == 1
    page.click('[data-queue-line="Vụ việc chờ tiếp nhận"] a')
    expect(page.locator("#result_list tbody tr")).to_have_count(1)  # waits for the list to load

    login(page, "so_hang_doi")
    page.goto(f"{live_url}/")
    assert _count(page, "Vụ việc giao cho cơ quan bạn") == 1
    assert _count(page, "Trả lời công dân quá hạn") == 1
