"""Issue 11, "Done when": every document and workbook is produced from the demo data (what `make run`
loads) and read back as the other tests read them — each PDF's Vietnamese text with pdftotext, its fonts
embedded, A4 and the NĐ 30 margins, a PNG for a person to look at (`test-results/documents/demo-*.png`);
each workbook re-opened with openpyxl: headers, one row per reception, totals equal to the rows above."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_case.models import Case, Reception
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_report.services.session_documents import issue_session_document
from addons.tiepdan_session.models import ReceptionSession, SessionAgency

from . import pdf_tools, xlsx_tools

pytestmark = pytest.mark.django_db
TITLES = {
    "tu_choi": ["THÔNG BÁO", "Về việc từ chối tiếp công dân", "Căn cứ khoản 3 Điều 9 Luật Tiếp công dân"],
    "bien_nhan": [
        "GIẤY BIÊN NHẬN",
        "Thông tin, tài liệu",
        "người đại diện của Hợp tác xã nông nghiệp Mỹ Phú",
    ],
    "lich_tiep": ["THÔNG BÁO", "Lịch tiếp công dân"],
    "giay_moi": ["GIẤY MỜI"],
    "giay_moi_xa": ["GIẤY MỜI"],
    "giay_moi_co_quan": ["GIẤY MỜI"],
    "bien_ban": ["BIÊN BẢN", "Buổi tiếp công dân trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh"],
    "ket_luan": ["THÔNG BÁO", "Kết luận của người chủ trì buổi tiếp công dân trực tuyến"],
}


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", verbosity=0)
    users = get_user_model().objects
    return users.get(username="ban_tcd")


def _complete_the_set(board):
    """What the demo leaves for a click: an agency's invitation and the numbered conclusions notice."""
    announced = ReceptionSession.objects.filter(state__in=("announced", "ready")).order_by("start").first()
    row = SessionAgency.objects.filter(session=announced).order_by("id").first()
    issue_session_document(board, "giay_moi_co_quan", row, signer_name="Trưởng Ban Tiếp công dân")
    concluded = ReceptionSession.objects.filter(state="concluded").order_by("start").first()
    issue_session_document(board, "ket_luan", concluded, signer_name="Chủ tịch UBND tỉnh")


def test_every_document_from_the_demo_reads_as_an_official_vietnamese_document(demo):
    """One demo load for all of them (it takes a while)."""
    _complete_the_set(demo)
    kinds = set(IssuedDocument.objects.values_list("kind", flat=True))
    assert kinds == set(TITLES), kinds
    for kind, expected in TITLES.items():
        document = IssuedDocument.objects.filter(kind=kind).order_by("draft", "id").first()
        pdf = document.file.open("rb").read()
        text = " ".join(pdf_tools.text(pdf).split())
        for fragment in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", *expected):
            assert fragment in text, (kind, fragment)
        if document.number:
            assert f"Số: {document.reference}" in text, kind
        pdf_tools.assert_official_layout(pdf)
        pdf_tools.save_png(pdf, f"demo-{kind}", first_page_only=True)
    # The demo's refusal notices: one by the commune, one by the board, each recorded on its case.
    notices = IssuedDocument.objects.filter(kind="tu_choi").select_related("case", "issuer")
    assert {n.issuer.code for n in notices} == {"ubnd-28261", "ban-tcd-nc"}
    for notice in notices:
        assert (notice.case.refusal_notice_number, notice.case.refusal_notice_date) == (
            notice.reference,
            notice.issued_on,
        )
    # The other refusals that need a notice stay waiting (the home queue counts them).
    assert Case.objects.filter(
        state="rejected", refusal_ground__in=("luat_9_3", "nd154_4_1h"), refusal_notice_date__isnull=True
    ).exists()


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_register_and_the_statistics_from_the_demo_have_its_rows_and_totals(demo):
    """One demo load for the three workbooks."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=90)
    response = _api(demo).get(
        "/api/v1/reports/so-tiep-cong-dan/", {"from": f"{start:%d/%m/%Y}", "to": f"{today:%d/%m/%Y}"}
    )
    assert response.status_code == 200 and response["Content-Type"] == xlsx_tools.XLSX
    sheet = xlsx_tools.open_values(xlsx_tools.body(response))
    assert sheet["A1"].value == "SỔ TIẾP CÔNG DÂN"
    assert xlsx_tools.row_values(sheet, 4)[:3] == ["Số thứ tự", "Ngày tiếp", "Họ tên, địa chỉ"]
    receptions = Reception.objects.filter(received_at__date__range=(start, today)).count()
    assert receptions and sheet.max_row - 5 == receptions
    for url, form in (("bieu-01-tcd", "Biểu số 01/TCD"), ("bieu-02-tcd", "Biểu số 02/TCD")):
        response = _api(demo).get(f"/api/v1/reports/{url}/", {"period": "year", "year": today.year})
        assert response.status_code == 200 and response["Content-Type"] == xlsx_tools.XLSX
        sheet = xlsx_tools.open_values(xlsx_tools.body(response))
        assert sheet["A1"].value == form
        total = xlsx_tools.find_row(sheet, 2, "Tổng cộng")
        numbered = xlsx_tools.find_row(sheet, 3, "(1)")
        columns = [
            c for c in range(3, sheet.max_column + 1) if str(sheet.cell(numbered, c).value).startswith("(")
        ]
        grand = 0
        for column in columns:
            rows = [sheet.cell(r, column).value or 0 for r in range(numbered + 1, total)]
            assert sheet.cell(total, column).value == sum(rows), (form, column)
            grand += sum(rows)
        assert grand > 0, form  # the demo's receptions are counted somewhere
