"""Sổ tiếp công dân (Mẫu 03/TCD): columns (1)–(12) and Ghi chú, one row per reception of the period,
scoped by visible_to, a denouncer masked for non-handlers, formula-looking text escaped, dd/mm/yyyy,
frozen panes, landscape fitted to the width."""

import datetime as dt

from rest_framework.test import APIClient

from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory, make_user

from . import xlsx_tools
from .common import reception

URL = "/api/v1/reports/so-tiep-cong-dan/"


def _get(user, **params):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(URL, {"from": "01/10/2026", "to": "31/12/2026", **params})


def _data(db):
    complaint = CaseFactory(
        applicant=CitizenFactory(full_name="Trần Thị Mai", address="Ấp 3, xã Tân Hội"),
        summary='=HYPERLINK("http://x") khiếu nại bồi thường',
        previous_handling="UBND phường Mỹ Tho",
        group_size=6,
    )
    denunciation = CaseFactory(
        case_type="to_cao",
        applicant=CitizenFactory(full_name="Võ Văn Tố", address="Khóm 2, phường Đạo Thạnh"),
        previous_handling="Ông Võ Văn Tố đã gửi đơn tới UBND phường",  # column (7): masked as well
    )
    reception(complaint, dt.date(2026, 10, 5), direction="huong_dan", document_number="12/HD-BTCD", people=6)
    reception(denunciation, dt.date(2026, 11, 3))
    reception(complaint, dt.date(2026, 9, 30))  # before the period
    return complaint, denunciation


def test_the_register_has_the_forms_columns_and_one_row_per_reception_of_the_period(db):
    _data(db)
    response = _get(make_user("ban_tcd"))
    assert response.status_code == 200 and response["Content-Type"] == xlsx_tools.XLSX
    assert "S%E1%BB%95%20ti%E1%BA%BFp%20c%C3%B4ng%20d%C3%A2n" in response["Content-Disposition"]
    sheet = xlsx_tools.open_values(xlsx_tools.body(response))
    assert sheet["A1"].value == "SỔ TIẾP CÔNG DÂN"
    headers = xlsx_tools.row_values(sheet, 4)
    assert headers[:3] == ["Số thứ tự", "Ngày tiếp", "Họ tên, địa chỉ"]
    assert headers[12] == "Ghi chú" and len(headers) == 13
    assert xlsx_tools.row_values(sheet, 5) == [f"({n})" for n in range(1, 14)]
    rows = [xlsx_tools.row_values(sheet, r) for r in range(6, sheet.max_row + 1)]
    assert len(rows) == 2
    first = rows[0]
    assert first[1] == dt.datetime(2026, 10, 5, 9, 0)
    assert sheet.cell(6, 2).number_format == "dd/mm/yyyy"
    assert first[2] == "Trần Thị Mai, Ấp 3, xã Tân Hội"
    assert first[5] == "KN" and first[6] == 6 and first[7] == "UBND phường Mỹ Tho"
    assert first[9] == "Sở Nông nghiệp và Môi trường; số văn bản 12/HD-BTCD"


def test_text_that_looks_like_a_formula_is_escaped(db):
    _data(db)
    sheet = xlsx_tools.open_formulas(xlsx_tools.body(_get(make_user("ban_tcd"))))
    cell = sheet.cell(6, 5)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_a_denouncer_is_masked_for_a_non_handler_and_shown_to_a_handler(db):
    _data(db)
    for role in ("thanh_tra", "lanh_dao", "vp_ubnd"):
        sheet = xlsx_tools.open_values(xlsx_tools.body(_get(make_user(role))))
        values = [str(v) for r in range(6, sheet.max_row + 1) for v in xlsx_tools.row_values(sheet, r)]
        assert not any("Võ Văn Tố" in v or "Đạo Thạnh" in v for v in values), role
        assert any("Người tố cáo (được bảo vệ)" in v for v in values)
    handler = xlsx_tools.open_values(xlsx_tools.body(_get(make_user("ban_tcd"))))
    assert any("Võ Văn Tố" in str(handler.cell(r, 3).value) for r in range(6, handler.max_row + 1))


def test_a_commune_gets_only_its_own_cases(db):
    _data(db)
    CaseFactory(unit=__import__("addons.tiepdan_case.tests.factories", fromlist=["unit"]).unit("28249"))
    sheet = xlsx_tools.open_values(xlsx_tools.body(_get(make_user("ubnd_xa", commune="28249"))))
    assert sheet.max_row == 5  # headers only: both receptions are of Mỹ Tho cases


def test_the_sheet_is_landscape_fitted_to_the_width_with_frozen_headers(db):
    _data(db)
    sheet = xlsx_tools.open_formulas(xlsx_tools.body(_get(make_user("ban_tcd"))))
    assert sheet.page_setup.orientation == "landscape"
    # one page wide (1 is the default, so the file leaves it out), as many pages down as needed
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.freeze_panes == "D6"
    assert "A1:M1" in {str(r) for r in sheet.merged_cells.ranges}


def test_bad_dates_are_a_400_in_the_error_shape(db):
    response = _get(make_user("ban_tcd"), **{"from": "32/13/2026"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert "from" in response.json()["fields"]


def test_a_role_without_the_register_gets_403(db):
    response = _get(make_user("cong_an"))
    assert response.status_code == 403


def test_an_organisations_row_names_it_with_its_address_and_its_representative(db):
    case = CaseFactory(
        case_type="kien_nghi",
        organisation_name="Hợp tác xã Nông nghiệp Tân Mỹ Chánh",
        organisation_address="Ấp 3, xã Tân Mỹ Chánh",
        applicant=CitizenFactory(full_name="Võ Văn Thành", address="Số 8, đường Lê Lợi"),
    )
    case.participants.update(role="dai_dien_to_chuc", authorization_document="Quyết định số 05/QĐ-HTX")
    reception(case, dt.date(2026, 10, 7))
    sheet = xlsx_tools.open_values(xlsx_tools.body(_get(make_user("ban_tcd"))))
    assert sheet.cell(6, 3).value == (
        "Hợp tác xã Nông nghiệp Tân Mỹ Chánh, Ấp 3, xã Tân Mỹ Chánh (người đại diện: Võ Văn Thành)"
    )
