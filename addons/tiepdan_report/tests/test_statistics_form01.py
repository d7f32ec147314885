"""Biểu 01/TCD (Thông tư 01/2024/TT-TTCP): visits, people, cases first time / repeat, delegations of 5 or
more; regular reception apart from the head's periodic and ad hoc reception, the head in person apart
from a delegate, the number of sessions; per commune and for the province; totals as formulas with
their values cached."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from addons.tiepdan_case.tests.factories import CaseFactory, make_user, unit

from . import xlsx_tools
from .common import reception

URL = "/api/v1/reports/bieu-01-tcd/"
COL = {n: n + 2 for n in range(1, 30)}  # column (n) of the form is sheet column n + 2 (A: STT, B: unit)


@pytest.fixture
def data(db, settings):
    settings.STATISTICS_CUTOFF_DAY = 15
    my_tho = CaseFactory()
    repeat_group = CaseFactory(is_repeat=True, group_size=7)
    dao_thanh = CaseFactory(unit=unit("28249"))
    oct_ = dt.date(2026, 10, 6)
    reception(my_tho, oct_, agency="ubnd-28261", people=2)
    reception(my_tho, oct_ + dt.timedelta(days=7), agency="ubnd-28261", people=1)
    reception(repeat_group, oct_, agency="ubnd-28261", people=7)
    reception(dao_thanh, oct_, agency="ubnd-28249", people=1)
    # the chairman's sessions count for the province: in person on two days, and one delegated
    reception(repeat_group, dt.date(2026, 10, 15), agency="ubnd-tinh", kind="dinh_ky", by_head=True, people=5)
    reception(my_tho, dt.date(2026, 10, 15), agency="ubnd-tinh", kind="dinh_ky", by_head=True, people=1)
    reception(my_tho, dt.date(2026, 11, 15), agency="ubnd-tinh", kind="dot_xuat", by_head=True, people=2)
    reception(dao_thanh, dt.date(2026, 11, 20), agency="ubnd-tinh", kind="dinh_ky", by_head=False, people=1)
    reception(my_tho, dt.date(2026, 12, 20), agency="ubnd-28261")  # after the cut-off: next period


def _sheet(user, formulas=False):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(URL, {"period": "q4", "year": 2026})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == xlsx_tools.XLSX
    data = xlsx_tools.body(response)
    return (xlsx_tools.open_formulas if formulas else xlsx_tools.open_values)(data), data


def test_each_commune_and_the_province_have_their_figures(data):
    sheet, _ = _sheet(make_user("lanh_dao"))
    assert sheet["A1"].value == "Biểu số 01/TCD"
    assert sheet["A3"].value == "Quý IV năm 2026 — Số liệu từ ngày 15/09/2026 đến ngày 14/12/2026"
    my_tho = xlsx_tools.find_row(sheet, 2, "Phường Mỹ Tho")
    v = lambda n, row=my_tho: sheet.cell(row, COL[n]).value  # noqa: E731
    assert (v(4), v(5), v(6), v(7)) == (3, 10, 1, 1)  # regular: visits, people, cases first / repeat
    assert (v(8), v(9), v(10), v(11)) == (1, 7, 0, 1)  # the delegation of 7, a repeat case
    assert (v(1), v(2), v(3)) == (3, 10, 2)
    province = xlsx_tools.find_row(sheet, 2, "Cấp tỉnh (Ban Tiếp công dân, Chủ tịch UBND tỉnh)")
    p = lambda n: v(n, province)  # noqa: E731
    assert (p(12), p(13), p(14), p(15), p(16)) == (2, 3, 8, 1, 1)  # head in person: 2 days, 3 visits
    assert (p(17), p(18), p(20)) == (1, 5, 1)  # one delegation of 5 people, repeat case
    assert (p(21), p(22), p(23), p(24)) == (1, 1, 1, 1)  # delegated
    assert (p(1), p(2), p(3)) == (4, 9, 3)
    dao_thanh = xlsx_tools.find_row(sheet, 2, "Phường Đạo Thạnh")
    assert v(4, dao_thanh) == 1


def test_totals_are_formulas_whose_cached_values_a_reader_sees(data):
    formulas, _ = _sheet(make_user("ban_tcd"), formulas=True)
    values, _ = _sheet(make_user("ban_tcd"))
    total = xlsx_tools.find_row(values, 2, "Tổng cộng")
    my_tho = xlsx_tools.find_row(values, 2, "Phường Mỹ Tho")
    assert formulas.cell(my_tho, COL[1]).value == f"=F{my_tho}+O{my_tho}+X{my_tho}"
    assert (
        formulas.cell(my_tho, COL[3]).value
        == f"=H{my_tho}+I{my_tho}+Q{my_tho}+R{my_tho}+Z{my_tho}+AA{my_tho}"
    )
    assert formulas.cell(total, COL[4]).value.startswith("=SUM(F")
    assert values.cell(total, COL[1]).value == 8  # 3 + 1 + 4 visits in the period
    assert values.cell(total, COL[2]).value == 20
    assert values.cell(total, COL[4]).value == 4
    assert values.cell(total, COL[13]).value == 3


def test_the_header_is_vietnamese_with_merged_cells_frozen_and_numbered(data):
    sheet, _ = _sheet(make_user("ban_tcd"), formulas=True)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A5:A8", "C5:E6", "F5:M6", "N5:AE5", "N6:V6", "W6:AE6"} <= merged
    assert sheet["F5"].value == "Tiếp thường xuyên"
    assert sheet["N5"].value == "Tiếp định kỳ và đột xuất của Thủ trưởng"
    assert sheet["N6"].value == "Thủ trưởng tiếp" and sheet["W6"].value == "Ủy quyền tiếp"
    assert [sheet.cell(9, COL[n]).value for n in (1, 29)] == ["(1)", "(29)"]
    assert sheet.freeze_panes == "C10"
    assert sheet.page_setup.orientation == "landscape"
    number_format = sheet.cell(10, COL[4]).number_format
    assert '"."' in number_format  # 50.000


def test_a_commune_user_gets_its_own_row_only(data):
    sheet, _ = _sheet(make_user("ubnd_xa", commune="28249"))
    assert sheet.cell(10, 2).value == "Phường Đạo Thạnh"
    assert sheet.cell(11, 2).value == "Tổng cộng"
    assert sheet.cell(10, COL[4]).value == 1


def test_bad_period_or_year_is_a_400_and_a_role_without_statistics_a_403(data):
    client = APIClient()
    client.force_authenticate(make_user("ban_tcd"))
    assert client.get(URL, {"period": "q5", "year": 2026}).json()["fields"].keys() == {"period"}
    assert client.get(URL, {"period": "q1", "year": "abc"}).status_code == 400
    client.force_authenticate(make_user("cong_an"))
    assert client.get(URL, {"period": "q1", "year": 2026}).status_code == 403
