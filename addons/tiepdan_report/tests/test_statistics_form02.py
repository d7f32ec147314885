"""Biểu 02/TCD: classification and handling of the petitions received at reception, per unit; the
carried-over figure computed from the cases still open at the period's start (no opening balance typed)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.tests.clock import clock_at
from addons.tiepdan_case.tests.factories import CaseFactory, make_user

from . import xlsx_tools
from .common import reception

URL = "/api/v1/reports/bieu-02-tcd/"
COL = {n: n + 2 for n in range(1, 15)}


@pytest.fixture
def data(db, settings):
    settings.STATISTICS_CUTOFF_DAY = 15
    complaint = CaseFactory()
    denunciation = CaseFactory(case_type="to_cao", within_provincial_competence=False)
    report = CaseFactory(case_type="phan_anh")
    reception(complaint, dt.date(2026, 10, 6), agency="ubnd-28261", direction="huong_dan")
    reception(
        complaint, dt.date(2026, 10, 20), agency="ubnd-28261", direction="thu_ly"
    )  # the last one counts
    reception(denunciation, dt.date(2026, 10, 7), agency="ubnd-28261", direction="chuyen_don")
    reception(report, dt.date(2026, 11, 2), agency="ban-tcd-nc", direction="tu_choi")
    # received before the period: one still open at its start, one closed before it
    still_open, closed = (
        CaseFactory(received_date=dt.date(2026, 8, 1)),
        CaseFactory(received_date=dt.date(2026, 8, 1), state="closed"),
    )
    reception(still_open, dt.date(2026, 8, 3), agency="ubnd-28261")
    reception(closed, dt.date(2026, 8, 3), agency="ubnd-28261")
    with clock_at(dt.datetime(2026, 9, 1, tzinfo=dt.UTC)):  # history rows are never back-dated afterwards
        AuditEvent.objects.create(
            content_type=ContentType.objects.get_for_model(Case),
            object_id=closed.pk,
            kind="transition",
            action="close",
            from_state="received",
            to_state="closed",
        )


def _sheet(user):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(URL, {"period": "q4", "year": 2026})
    assert response.status_code == 200, response.content[:300]
    return xlsx_tools.open_values(xlsx_tools.body(response))


def test_each_unit_classifies_and_counts_the_handling_of_its_cases(data):
    sheet = _sheet(make_user("ban_tcd"))
    assert sheet["A1"].value == "Biểu số 02/TCD"
    assert sheet["A2"].value == "TỔNG HỢP KẾT QUẢ PHÂN LOẠI, XỬ LÝ ĐƠN QUA TIẾP CÔNG DÂN"
    row = xlsx_tools.find_row(sheet, 2, "Phường Mỹ Tho")
    v = lambda n, r=row: sheet.cell(r, COL[n]).value  # noqa: E731
    assert (v(2), v(3), v(1)) == (1, 2, 3)  # carried over, received, total to handle
    assert (v(4), v(5), v(6)) == (1, 1, 0)
    assert (v(7), v(8)) == (1, 1)
    assert (v(9), v(10), v(11)) == (1, 0, 1)  # the complaint's last handling is thụ lý
    province = xlsx_tools.find_row(sheet, 2, "Cấp tỉnh (Ban Tiếp công dân, Chủ tịch UBND tỉnh)")
    assert (v(3, province), v(6, province), v(14, province)) == (1, 1, 1)
    total = xlsx_tools.find_row(sheet, 2, "Tổng cộng")
    assert (v(1, total), v(3, total)) == (4, 3)
