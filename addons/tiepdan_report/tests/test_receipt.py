"""Mẫu 02/TCD (NĐ 154/2026): the receipt of information and documents, printed from the papers recorded on
the reception: hour and place, the receiving officer, the giver's identity paper, each paper with its pages,
condition and whether an original, a copy or a certified copy, and the number of copies; both sign."""

import datetime as dt

from addons.tiepdan_case.models import Citizen, ReceivedPaper
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory
from addons.tiepdan_report.models import IssuedDocument

from . import pdf_tools
from .common import issue_url, reception

LIST = "/tiepdan_report/issueddocument/"


def _reception_with_papers(case_type="khieu_nai", papers=3):
    citizen = CitizenFactory(full_name="Đặng Thị Ngọc Ánh", address="Số 5, đường Hùng Vương, phường Mỹ Tho")
    case = CaseFactory(case_type=case_type, applicant=citizen)
    row = reception(case, dt.datetime(2026, 11, 9, 8, 5), place="Điểm tiếp công dân phường Mỹ Tho")
    for i in range(papers):
        ReceivedPaper.objects.create(
            reception=row,
            name=f"Quyết định số {100 + i}/QĐ-UBND về bồi thường, hỗ trợ khi thu hồi đất",
            pages=3 + i,
            condition="Còn nguyên vẹn" if i % 2 == 0 else "Bị rách góc",
            kind=["ban_chinh", "ban_sao", "ban_sao_chung_thuc"][i % 3],
            copies=1 + i % 2,
        )
    return row


def test_the_receipt_reads_as_the_form_with_every_paper(client, db):
    row = _reception_with_papers()
    client.force_login(staff_user("ban_tcd"))
    assert client.post(issue_url("bien_nhan", row)).status_code == 302
    document = IssuedDocument.objects.get(reception=row)
    assert document.number is None and document.case == row.case
    pdf = document.file.open("rb").read()
    text = " ".join(pdf_tools.text(pdf).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "GIẤY BIÊN NHẬN",
        "Thông tin, tài liệu",
        "Vào 08 giờ 05 phút, ngày 09 tháng 11 năm 2026, tại: Điểm tiếp công dân phường Mỹ Tho.",
        "Tôi là: Nguyễn Văn Tiếp, cán bộ tiếp công dân của Ban Tiếp công dân - Nội chính.",
        "Đã nhận của ông (bà): Đặng Thị Ngọc Ánh.",
        "ngày cấp:",
        "Địa chỉ: Số 5, đường Hùng Vương, phường Mỹ Tho.",
        "Quyết định số 100/QĐ-UBND",
        "Bản chính",
        "Bản sao (photo)",
        "Bản sao chứng thực",
        "Bị rách góc",
        "được lập thành 02 bản, giao cho người cung cấp thông tin, tài liệu 01 bản.",
        "NGƯỜI CUNG CẤP",
        "NGƯỜI NHẬN",
    ):
        assert expected in text, expected
    assert "Số:" not in text  # the form carries no number
    pdf_tools.assert_official_layout(pdf)
    pdf_tools.save_png(pdf, "mau-02-tcd-giay-bien-nhan")


def test_many_papers_split_across_pages_with_the_header_repeated(client, db):
    row = _reception_with_papers(papers=40)
    client.force_login(staff_user("ban_tcd"))
    client.post(issue_url("bien_nhan", row))
    pdf = IssuedDocument.objects.get(reception=row).file.open("rb").read()
    lines = pdf_tools.lines(pdf)
    pages = {ln.page for ln in lines if ln.text.startswith("Quyết định số")}
    assert len(pages) >= 2
    for page in pages:
        assert any(ln.page == page and ln.text == "STT" and ln.bold for ln in lines)
    pdf_tools.assert_official_layout(pdf)


def test_a_reception_without_papers_has_no_receipt_and_no_button(client, db):
    row = _reception_with_papers(papers=0)
    client.force_login(staff_user("ban_tcd"))
    assert f'data-issue="bien_nhan-{row.pk}"' not in client.get(LIST).content.decode()
    response = client.post(issue_url("bien_nhan", row), follow=True)
    assert "Lượt tiếp này không ghi nhận giấy tờ nào" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_the_list_offers_one_click_for_a_reception_with_papers(client, db):
    row = _reception_with_papers()
    client.force_login(staff_user("ban_tcd"))
    page = client.get(LIST).content.decode()
    assert f'data-issue="bien_nhan-{row.pk}"' in page
    assert "Đặng Thị Ngọc Ánh" not in page  # buttons name the case, never the citizen


def test_a_denouncers_receipt_is_closed_to_non_handlers(client, db):
    row = _reception_with_papers(case_type="to_cao")
    client.force_login(staff_user("ban_tcd"))
    client.post(issue_url("bien_nhan", row))
    document = IssuedDocument.objects.get(reception=row)
    client.force_login(staff_user("thanh_tra"))
    assert client.get(f"/tiepdan_report/issueddocument/{document.pk}/download/").status_code == 404
    assert f'data-issue="bien_nhan-{row.pk}"' not in client.get(LIST).content.decode()


def test_the_receipt_prints_the_identity_papers_issue_date_and_issuing_body(client, db):
    row = _reception_with_papers(papers=1)
    citizen = Citizen.objects.get(full_name="Đặng Thị Ngọc Ánh")
    citizen.id_issued_on = dt.date(2021, 7, 12)
    citizen.id_issued_place = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
    citizen.save()
    client.force_login(staff_user("ban_tcd"))
    assert client.post(issue_url("bien_nhan", row)).status_code == 302
    pdf = IssuedDocument.objects.get(reception=row).file.open("rb").read()
    text = " ".join(pdf_tools.text(pdf).split())
    assert f"{citizen.id_number}, ngày cấp: 12/07/2021, nơi cấp: Cục Cảnh sát quản lý hành chính" in text


def test_an_organisations_receipt_names_it_and_the_representative_who_gave_the_papers(client, db):
    row = _reception_with_papers(case_type="phan_anh", papers=1)
    case = row.case
    case.organisation_name = "Công ty TNHH Thủy sản Sông Tiền"
    case.organisation_address = "Lô A2, Khu công nghiệp Mỹ Tho, tỉnh Đồng Tháp"
    case.save(update_fields=["organisation_name", "organisation_address"])
    case.participants.update(role="dai_dien_to_chuc", authorization_document="Giấy ủy quyền số 17/UQ-STT")
    client.force_login(staff_user("ban_tcd"))
    assert client.post(issue_url("bien_nhan", row)).status_code == 302
    pdf = IssuedDocument.objects.get(reception=row).file.open("rb").read()
    text = " ".join(pdf_tools.text(pdf).split())
    for expected in (
        "Đã nhận của ông (bà): Đặng Thị Ngọc Ánh, người đại diện của Công ty TNHH Thủy sản Sông Tiền "
        "(theo Giấy ủy quyền số 17/UQ-STT).",
        "Địa chỉ: Số 5, đường Hùng Vương, phường Mỹ Tho.",
        "Cơ quan, tổ chức: Công ty TNHH Thủy sản Sông Tiền, địa chỉ: Lô A2, Khu công nghiệp Mỹ Tho, tỉnh Đồng Tháp.",
    ):
        assert expected in text, expected
    pdf_tools.save_png(pdf, "mau-02-tcd-bien-nhan-to-chuc")
