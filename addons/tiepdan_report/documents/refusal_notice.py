"""Mẫu số 01/TCD (Nghị định 154/2026/NĐ-CP): Thông báo về việc từ chối tiếp công dân.

Only for the grounds the form serves (NĐ 154 art. 4.3): khoản 3 Điều 9 Luật Tiếp công dân and điểm h
khoản 1 Điều 4 of the decree. For the other grounds the officer explains the refusal in person (art. 4.2).
"""

from django.utils.translation import gettext as _

from addons.tiepdan_case.choices import WRITTEN_NOTICE_GROUNDS, RefusalGround

from ..pdf.layout import OfficialDocument, Para, Signature

DECREE = (
    "Nghị định số 154/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định chi tiết một số điều "
    "và biện pháp tổ chức thi hành Luật Tiếp công dân"
)
GROUND_TEXT = {
    RefusalGround.LUAT_9_3: (
        "Vụ việc đã được giải quyết đúng chính sách, pháp luật, được cơ quan nhà nước có thẩm quyền kiểm "
        "tra, rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng dẫn nhưng vẫn cố tình "
        "khiếu nại, tố cáo kéo dài (khoản 3 Điều 9 Luật Tiếp công dân)"
    ),
    RefusalGround.ND154_4_1H: (
        "Vụ việc đã được cơ quan, tổ chức, đơn vị, người có thẩm quyền tiếp, hướng dẫn hoặc trả lời bằng "
        "văn bản theo đúng quy định và không có nội dung, tình tiết mới (điểm h khoản 1 Điều 4 "
        "Nghị định số 154/2026/NĐ-CP)"
    ),
}
MATTER = {
    "khieu_nai": "khiếu nại",
    "to_cao": "tố cáo",
    "kien_nghi": "kiến nghị",
    "phan_anh": "phản ánh",
}
DOTS = "…………"


def problems(case) -> list[str]:
    """Why a refusal notice cannot be made for this case (empty: it can)."""
    if case.refusal_ground not in WRITTEN_NOTICE_GROUNDS:
        return [
            _(
                "A written refusal notice (Form 01/TCD) is only for art. 9.3 of the Law on Citizen Reception "
                "and art. 4.1h of Decree 154; for other grounds the officer explains the refusal in person."
            )
        ]
    if case.state != "rejected":
        return [_("The case has not been refused.")]
    return []


def applicant(case):
    """The person the form names: for an organisation its representative (NĐ 154 art. 13.1), otherwise the
    group's representative or the applicant."""
    participants = list(case.participants.select_related("citizen"))
    order = ("nguoi_dai_dien", "nguoi_dung_don")
    if case.is_organisation:
        order = ("dai_dien_to_chuc",) + order
    for role in order:
        for participant in participants:
            if participant.role == role:
                return participant.citizen
    return participants[0].citizen if participants else None


def representative_paper(case) -> str:
    """The paper proving the organisation's representative (the decision naming its head, or the head's
    authorisation), as recorded on the participant."""
    row = case.participants.filter(role="dai_dien_to_chuc").exclude(authorization_document="").first()
    return row.authorization_document if row else ""


def organisation_phrase(case) -> str:
    """`người đại diện của Công ty TNHH …` (with the paper that proves it), or "" for a person."""
    if not case.is_organisation:
        return ""
    paper = representative_paper(case)
    return f"người đại diện của {case.organisation_name}" + (f" (theo {paper})" if paper else "")


def _refused_on(case):
    reception = case.receptions.filter(direction="tu_choi").order_by("-received_at").first()
    if reception is not None:
        from django.utils import timezone

        return timezone.localtime(reception.received_at).date()
    return case.received_date


def _id_paper(citizen) -> str:
    issued_on = citizen.id_issued_on
    issued_place = citizen.id_issued_place or DOTS
    return (
        "Số căn cước/giấy chứng nhận căn cước/số định danh cá nhân/số hộ chiếu (hoặc giấy tờ tùy thân): "
        f"{citizen.id_number}, ngày cấp: {issued_on.strftime('%d/%m/%Y') if issued_on else DOTS}, "
        f"nơi cấp: {issued_place}."
    )


def build(case, issuer, *, number, date, replaces=None, signer_name="") -> OfficialDocument:
    citizen = applicant(case)
    refused_on = _refused_on(case)
    matter = MATTER.get(case.case_type, "khiếu nại, tố cáo, kiến nghị, phản ánh")
    body = []
    if replaces is not None:
        body.append(
            Para(
                f"Thông báo này thay thế Thông báo số {replaces.reference} ngày "
                f"{replaces.issued_on:%d/%m/%Y} của {issuer.name}.",
                style="body",
            )
        )
    name = citizen.full_name
    if case.is_organisation:
        # Luật TCD art. 1, NĐ 154 art. 13.1: the organisation is the applicant, through its representative.
        who = (
            f"ông (bà) {name}, {organisation_phrase(case)}, địa chỉ của cơ quan, tổ chức: "
            f"{case.organisation_address}"
        )
        whose = f"{case.organisation_name} do ông (bà) {name} đại diện"
        addressee = case.organisation_name
    else:
        who = f"ông (bà) {name}, địa chỉ: {citizen.address}"
        whose = f"ông (bà) {name}"
        addressee = f"Ông (bà) {name}"
    body += [
        Para(
            f"Ngày {refused_on:%d} tháng {refused_on:%m} năm {refused_on:%Y}, {who}, "
            f"đến {issuer.name} trình bày nội dung {matter}: {case.summary}"
        ),
        Para(_id_paper(citizen)),
        Para(f"Lý do từ chối: {GROUND_TEXT[case.refusal_ground]}."),
        Para(
            f"Căn cứ khoản 3 Điều 9 Luật Tiếp công dân và điểm h khoản 1 Điều 4 {DECREE}, {issuer.name} "
            f"từ chối tiếp nhận nội dung {matter} của {whose} và thông báo để ông (bà) được biết."
        ),
    ]
    return OfficialDocument(
        parent_body=issuer.parent_body,
        issuing_body=issuer.body,
        code=f"TB-{issuer.suffix}",
        number=number,
        place=issuer.place,
        date=date,
        doc_type="Thông báo",
        subject="Về việc từ chối tiếp công dân",
        addressees=[addressee],
        body=body,
        signatures=[Signature(list(issuer.authority), signer_name)],
        recipients=["- Như trên;", "- Lưu: VT, hồ sơ."],
        title=f"Thông báo từ chối tiếp công dân — {case.code}",
    )
