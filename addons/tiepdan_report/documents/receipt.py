"""Mẫu số 02/TCD (Nghị định 154/2026/NĐ-CP, art. 15): Giấy biên nhận thông tin, tài liệu — printed from the
papers recorded on the reception (`ReceivedPaper`, TEAM.md interface 5). The form carries no number."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..pdf.layout import Grid, OfficialDocument, Para, Signature
from .refusal_notice import DOTS, applicant, organisation_phrase

KIND_TEXT = {
    "ban_chinh": "Bản chính",
    "ban_sao": "Bản sao (photo)",
    "ban_sao_chung_thuc": "Bản sao chứng thực",
}
RECEIPT_COPIES = 2  # one for the person who handed the papers over, one kept with the file


def problems(reception) -> list[str]:
    if not reception.papers.exists():
        return [_("No paper was recorded as handed over at this reception.")]
    return []


def _id_paper(citizen) -> str:
    issued_on = citizen.id_issued_on
    issued_place = citizen.id_issued_place or DOTS
    return (
        f"Số căn cước/giấy chứng nhận căn cước/số định danh cá nhân/số hộ chiếu: {citizen.id_number}, "
        f"ngày cấp: {issued_on.strftime('%d/%m/%Y') if issued_on else DOTS}, nơi cấp: {issued_place}."
    )


def build(reception, issuer, *, number, date, replaces=None, signer_name="") -> OfficialDocument:
    case = reception.case
    citizen = applicant(case)
    at = timezone.localtime(reception.received_at)
    papers = list(reception.papers.all())
    rows = [
        [
            str(i),
            paper.name,
            str(paper.pages) if paper.pages else "",
            paper.condition or "",
            KIND_TEXT.get(paper.kind, paper.get_kind_display()),
            f"{paper.copies:02d}",
        ]
        for i, paper in enumerate(papers, 1)
    ]
    body = []
    if replaces is not None:
        body.append(
            Para(f"Giấy biên nhận này thay thế Giấy biên nhận lập ngày {replaces.issued_on:%d/%m/%Y}.")
        )
    body += [
        Para(
            f"Vào {at:%H} giờ {at:%M} phút, ngày {at:%d} tháng {at:%m} năm {at:%Y}, tại: {reception.place}."
        ),
        Para(f"Tôi là: {reception.received_by}, cán bộ tiếp công dân của {issuer.name}."),
    ]
    if citizen and case.is_organisation:
        # The organisation gives the papers through its representative (NĐ 154 art. 13.1).
        body += [
            Para(f"Đã nhận của ông (bà): {citizen.full_name}, {organisation_phrase(case)}."),
            Para(_id_paper(citizen)),
            Para(f"Địa chỉ: {citizen.address}."),
            Para(f"Cơ quan, tổ chức: {case.organisation_name}, địa chỉ: {case.organisation_address}."),
        ]
    elif citizen:
        body += [
            Para(f"Đã nhận của ông (bà): {citizen.full_name}."),
            Para(_id_paper(citizen)),
            Para(f"Địa chỉ: {citizen.address}."),
        ]
    else:
        body.append(Para("Đã nhận của ông (bà): …"))
    body += [
        Para("Các thông tin, tài liệu sau:"),
        Grid(
            ["STT", "Tên thông tin, tài liệu", "Số trang", "Tình trạng", "Bản chính, bản sao", "Số bản"],
            rows,
            [0.07, 0.36, 0.1, 0.17, 0.19, 0.11],
            centre_columns=(0, 2, 5),
        ),
        Para(
            f"Giấy biên nhận thông tin, tài liệu được lập thành {RECEIPT_COPIES:02d} bản, giao cho người cung "
            "cấp thông tin, tài liệu 01 bản."
        ),
    ]
    return OfficialDocument(
        parent_body=issuer.parent_body,
        issuing_body=issuer.body,
        code="",
        number=None,
        place=issuer.place,
        date=date,
        doc_type="Giấy biên nhận",
        subject="Thông tin, tài liệu",
        body=body,
        signatures=[
            Signature(
                ["NGƯỜI CUNG CẤP", "THÔNG TIN, TÀI LIỆU"],
                citizen.full_name if citizen else "",
                note="(Ký, ghi rõ họ tên)",
            ),
            Signature(["NGƯỜI NHẬN"], reception.received_by, note="(Ký, ghi rõ họ tên, đóng dấu nếu có)"),
        ],
        title=f"Giấy biên nhận thông tin, tài liệu — {case.code}",
        show_number=False,
    )
