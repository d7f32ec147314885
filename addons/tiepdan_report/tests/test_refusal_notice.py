"""Mẫu 01/TCD (NĐ 154/2026): the refusal notice, only for the grounds the form serves (khoản 3 Điều 9 Luật
TCD, điểm h khoản 1 Điều 4 NĐ 154), with Kính gửi, the identity paper, the reason, the legal basis."""

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report.models import IssuedDocument

from . import pdf_tools
from .common import issue_url, refused_case

LIST = "/tiepdan_report/issueddocument/"


def _notice(client, case):
    client.force_login(staff_user("ban_tcd"))
    assert client.post(issue_url("tu_choi", case), {"signer_name": "Phạm Minh Tuấn"}).status_code == 302
    return IssuedDocument.objects.get(case=case).file.open("rb").read()


def test_the_notice_reads_as_the_form_with_the_citizens_data(client, db):
    case = refused_case()
    citizen = case.participants.get().citizen
    pdf = _notice(client, case)
    text = " ".join(pdf_tools.text(pdf).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH ĐỒNG THÁP",
        "BAN TIẾP CÔNG DÂN",  # pdftotext joins the line ending in " -"
        "NỘI CHÍNH",
        "Số: 01/TB-BTCD",
        "THÔNG BÁO",
        "Về việc từ chối tiếp công dân",
        "Kính gửi: Ông (bà) Lê Thị Hồng Nhung.",
        f"{case.received_date:%d} tháng {case.received_date:%m} năm {case.received_date:%Y}, ông (bà) Lê Thị Hồng Nhung",
        "Số 12, đường Ấp Bắc, phường Mỹ Tho",
        "Khiếu nại Quyết định số 123/QĐ-UBND về bồi thường khi thu hồi đất ở.",
        f"hộ chiếu (hoặc giấy tờ tùy thân): {citizen.id_number}, ngày cấp:",
        "Lý do từ chối: Vụ việc đã được giải quyết đúng chính sách, pháp luật",
        "Căn cứ khoản 3 Điều 9 Luật Tiếp công dân và điểm h khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP "
        "ngày 15 tháng 5 năm 2026 của Chính phủ",
        "Ban Tiếp công dân - Nội chính từ chối tiếp nhận nội dung khiếu nại của ông (bà) Lê Thị Hồng Nhung "
        "và thông báo để ông (bà) được biết.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, hồ sơ.",
        "TRƯỞNG BAN",
        "Phạm Minh Tuấn",
    ):
        assert expected in text, expected
    pdf_tools.assert_official_layout(pdf)
    pdf_tools.save_png(pdf, "mau-01-tcd-thong-bao-tu-choi")


def test_the_point_h_ground_prints_its_own_reason(client, db):
    text = " ".join(pdf_tools.text(_notice(client, refused_case(ground="nd154_4_1h"))).split())
    assert "không có nội dung, tình tiết mới (điểm h khoản 1 Điều 4" in text


def test_no_notice_for_a_ground_the_officer_explains_in_person(client, db):
    case = refused_case(ground="luat_9_1")
    client.force_login(staff_user("ban_tcd"))
    assert case.code not in client.get(LIST).content.decode()  # no button
    response = client.post(issue_url("tu_choi", case), follow=True)
    assert "chỉ dùng cho khoản 3 Điều 9" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_the_list_offers_one_click_for_each_refused_case_waiting_for_its_notice(client, db):
    waiting, done = refused_case(), refused_case()
    client.force_login(staff_user("ban_tcd"))
    client.post(issue_url("tu_choi", done))
    page = client.get(LIST).content.decode()
    assert f'data-issue="tu_choi-{waiting.pk}"' in page
    assert f'data-issue="tu_choi-{done.pk}"' not in page


def _organisation_case(**kwargs):
    from addons.tiepdan_case.models import CaseParticipant
    from addons.tiepdan_case.tests.factories import CitizenFactory

    case = refused_case(
        ground="nd154_4_1h",
        case_type="kien_nghi",
        organisation_name="Hợp tác xã Nông nghiệp Tân Mỹ Chánh",
        organisation_address="Ấp 3, xã Tân Mỹ Chánh, tỉnh Đồng Tháp",
        citizen=CitizenFactory(full_name="Võ Văn Thành", address="Số 8, đường Lê Lợi, phường Mỹ Tho"),
        **kwargs,
    )
    participant = case.participants.get()
    participant.role = "dai_dien_to_chuc"
    participant.authorization_document = "Quyết định số 05/QĐ-HTX ngày 02/01/2026"
    participant.save()
    assert CaseParticipant.objects.filter(case=case).count() == 1
    return case


def test_an_organisations_notice_is_addressed_to_it_through_its_representative(client, db):
    case = _organisation_case()
    citizen = case.participants.get().citizen
    text = " ".join(pdf_tools.text(_notice(client, case)).split())
    for expected in (
        "Kính gửi: Hợp tác xã Nông nghiệp Tân Mỹ Chánh.",
        "ông (bà) Võ Văn Thành, người đại diện của Hợp tác xã Nông nghiệp Tân Mỹ Chánh (theo Quyết định số "
        "05/QĐ-HTX ngày 02/01/2026), địa chỉ của cơ quan, tổ chức: Ấp 3, xã Tân Mỹ Chánh, tỉnh Đồng Tháp, đến "
        "Ban Tiếp công dân - Nội chính trình bày nội dung kiến nghị",
        f"hộ chiếu (hoặc giấy tờ tùy thân): {citizen.id_number}, ngày cấp:",
        "từ chối tiếp nhận nội dung kiến nghị của Hợp tác xã Nông nghiệp Tân Mỹ Chánh do ông (bà) Võ Văn Thành "
        "đại diện",
    ):
        assert expected in text, expected
    assert "Kính gửi: Ông (bà) Võ Văn Thành" not in text
    pdf_tools.save_png(_notice_pdf(case), "mau-01-tcd-thong-bao-tu-choi-to-chuc")


def _notice_pdf(case):
    return IssuedDocument.objects.get(case=case).file.open("rb").read()
