"""A commune registers a group case at “Tiếp công dân mới”, the board accepts it, the commune sees it accepted."""

import pytest

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.factories import MY_THO, make_user, register_row, valid_can_cuoc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZENS = [
    ("Nguyễn Văn Đại Diện", "nam", "nguoi_dai_dien"),
    ("Trần Thị Thành Viên", "nu", "thanh_vien"),
    ("Lê Văn Thành Viên", "nam", "thanh_vien"),
]


def _staff(role, username, **kwargs):
    user = make_user(role, username=username, **kwargs)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _fill_citizen(page, index, name, gender, role):
    prefix = f"people-{index}-"
    page.fill(f"[name={prefix}full_name]", name)
    page.select_option(f"[name={prefix}id_type]", "can_cuoc")
    page.fill(f"[name={prefix}id_number]", valid_can_cuoc(1970, gender))
    page.fill(f"[name={prefix}date_of_birth]", "15/06/1970")
    page.select_option(f"[name={prefix}gender]", gender)
    page.fill(f"[name={prefix}phone]", f"0912 345 67{index}")
    page.fill(f"[name={prefix}address]", f"Số {index + 1}, khóm 3, phường Mỹ Tho")
    page.select_option(f"[name={prefix}role]", role)


def test_a_group_case_goes_from_the_commune_to_the_board_and_back(page, live_url, login):
    # Four people: a group of five or more is accepted only with its written appointment of representatives
    # (NĐ 154; tested in the case module), which this journey does not upload.
    _staff("ubnd_xa", "xa_my_tho_browser", commune=MY_THO)
    _staff("ban_tcd", "ban_tcd_journey")

    # The commune clerk registers the case with three citizens on the one reception page.
    login(page, "xa_my_tho_browser")
    page.goto(f"{live_url}/tiepdan_case/case/tiep-cong-dan-moi/")
    page.select_option("[name=case_type]", "khieu_nai")
    page.fill("[name=title]", "Khiếu nại bồi thường dự án kè sông Tiền")
    page.fill("[name=summary]", "Bốn hộ dân khiếu nại mức bồi thường khi thu hồi đất làm kè.")
    page.fill("[name=received_date]", "02/11/2026")
    page.fill("[name=group_size]", "4")
    page.click("#add-person")
    page.click("#add-person")
    for index, (name, gender, role) in enumerate(CITIZENS):
        _fill_citizen(page, index, name, gender, role)
    page.click("#save-reception")
    page.wait_for_url("**/tiepdan_case/case/*/change/")
    assert "cùng lượt tiếp và 3 công dân" in page.content()
    case = Case.objects.get(title="Khiếu nại bồi thường dự án kè sông Tiền")
    assert case.participants.count() == 3 and case.group_size == 4
    # The clerk's row in the reception register (its own screen is tested in test_admin_reception.py);
    # without it the case cannot be sent (NĐ 154 art. 27.1).
    register_row(case)
    page.reload()

    # ... and sends it to the province, confirming (a sent case cannot be taken back).
    page.click("#case-actions a[data-action=submit]")
    assert "Gửi vụ việc này về tỉnh?" in page.text_content("#confirm-text")
    page.click("#transition-form button[type=submit]")
    page.wait_for_url(f"**/tiepdan_case/case/{case.pk}/change/")
    case.refresh_from_db()
    assert case.state == "submitted"

    # The board accepts it, choosing the eligibility.
    login(page, "ban_tcd_journey")
    page.goto(f"{live_url}/tiepdan_case/case/{case.pk}/change/")
    page.click("#case-actions a[data-action=accept]")
    page.select_option("[name=eligibility]", "dong_nguoi_chua_giai_quyet")
    page.click("#transition-form button[type=submit]")
    page.wait_for_url(f"**/tiepdan_case/case/{case.pk}/change/")
    case.refresh_from_db()
    assert (case.state, case.eligibility) == ("accepted", "dong_nguoi_chua_giai_quyet")

    # The commune sees it accepted in its list.
    login(page, "xa_my_tho_browser")
    page.goto(f"{live_url}/tiepdan_case/case/")
    row = page.locator("#result_list tr", has_text=case.code)
    assert "Đã tiếp nhận" in row.text_content()
