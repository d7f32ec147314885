"""Documents of a reception session (issue 11): the schedule notice (thông báo lịch tiếp công dân, Luật
TCD art. 24: the time, the sites, the participating bodies, the focus), the invitation to each citizen
(giấy mời: the bridge site, the time, the papers to bring, NĐ 154 art. 12.1 and 22.3) and the invitation to
each invited agency (its duty). Built from the session module's data; nothing is typed again.

The schedule notice and an agency's invitation name no citizen and carry no case content (the public
facts: counts by type); a citizen's invitation names only that citizen.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_session.services import rules

from ..pdf.layout import Grid, OfficialDocument, Para, Signature
from .refusal_notice import MATTER

KIND_TEXT = {"dinh_ky": "định kỳ", "dot_xuat": "đột xuất"}
CASE_TYPE_TEXT = {
    "khieu_nai": "khiếu nại",
    "to_cao": "tố cáo",
    "kien_nghi": "kiến nghị",
    "phan_anh": "phản ánh",
}
DUTY_TEXT = {
    "dossier": "chuẩn bị hồ sơ, báo cáo các vụ việc theo lĩnh vực phụ trách",
    "technical": "bảo đảm kỹ thuật, đường truyền tại các điểm cầu",
    "security": "bảo đảm an ninh, trật tự tại các điểm cầu",
    "power": "bảo đảm nguồn điện tại các điểm cầu",
    "media": "đưa tin về buổi tiếp công dân",
    "attend": "tham dự",
}
ROLE_PAPERS = {
    "applicant": "căn cước (hoặc giấy tờ tùy thân khác) và các giấy tờ, tài liệu liên quan đến vụ việc",
    "representative": (
        "căn cước (hoặc giấy tờ tùy thân khác), văn bản cử người đại diện và các giấy tờ, tài liệu liên quan "
        "đến vụ việc"
    ),
    "proxy": (
        "căn cước (hoặc giấy tờ tùy thân khác), giấy ủy quyền và các giấy tờ, tài liệu liên quan đến vụ việc"
    ),
}
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
SUBJECT = "Tham dự buổi tiếp công dân trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh"
READY_STATES = ("announced", "ready")


def _hour(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M}"


def _day(moment) -> str:
    local = timezone.localtime(moment)
    return f"{WEEKDAYS[local.weekday()]}, ngày {local:%d/%m/%Y}"


def _when(session) -> str:
    return f"từ {_hour(session.start)} đến {_hour(session.end)}, {_day(session.start)}"


def _site(site) -> str:
    return f"{site.name} ({site.address})" if site.address else site.name


def _chair(session) -> str:
    name = session.chair.get_full_name() or session.chair.username
    if session.chair_capacity == "pho_chu_tich":
        when = f" ngày {session.authorisation_date:%d/%m/%Y}" if session.authorisation_date else ""
        return (
            f"ông (bà) {name}, Phó Chủ tịch Ủy ban nhân dân tỉnh, được Chủ tịch Ủy ban nhân dân tỉnh ủy quyền "
            f"theo văn bản số {session.authorisation_number}{when}"
        )
    return f"ông (bà) {name}, Chủ tịch Ủy ban nhân dân tỉnh"


def _replacing(replaces, noun, issuer) -> list:
    if replaces is None:
        return []
    return [
        Para(
            f"{noun} này thay thế {noun} số {replaces.reference} ngày {replaces.issued_on:%d/%m/%Y} của "
            f"{issuer.name}."
        )
    ]


def not_announced(session) -> list[str]:
    if session.state not in READY_STATES:
        return [_("Session documents are issued once the session is announced and before it starts.")]
    return []


# ------------------------------------------------------------------------------------------------
# Thông báo lịch tiếp công dân


def schedule_problems(session) -> list[str]:
    return not_announced(session)


def build_schedule_notice(
    session, issuer, *, number, date, replaces=None, signer_name=""
) -> OfficialDocument:
    from addons.tiepdan_bridge.models import BridgeSite

    site_ids = rules.session_site_ids(session)
    sites = [
        s
        for s in BridgeSite.objects.filter(pk__in=site_ids).order_by("level", "code")
        if s.pk != session.host_site_id
    ]
    agencies = list(session.agencies.select_related("agency").order_by("agency__name", "duty"))
    counts: dict[str, int] = {}
    for case_type in session.agenda.values_list("case__case_type", flat=True):
        counts[case_type] = counts.get(case_type, 0) + 1
    total = sum(counts.values())
    by_type = ", ".join(f"{n:02d} vụ việc {CASE_TYPE_TEXT.get(t, t)}" for t, n in counts.items())
    kind = KIND_TEXT.get(session.kind, "")
    body = _replacing(replaces, "Thông báo", issuer) + [
        Para(
            "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013 và Nghị định số 154/2026/NĐ-CP ngày 15 tháng 5 "
            "năm 2026 của Chính phủ quy định chi tiết một số điều và biện pháp tổ chức thi hành Luật Tiếp công "
            f"dân, {issuer.name} thông báo lịch tiếp công dân {kind} trực tuyến của Chủ tịch Ủy ban nhân dân "
            "tỉnh như sau:"
        ),
        Para(f"1. Thời gian: {_when(session)}."),
        Para(f"2. Người chủ trì: {_chair(session)}."),
        Para(
            f"3. Hình thức: tiếp công dân trực tuyến; điểm cầu chính tại {_site(session.host_site)}"
            + ("; các điểm cầu thành phần:" if sites else ".")
        ),
    ]
    if sites:
        body.append(
            Grid(
                ["STT", "Điểm cầu", "Địa chỉ"],
                [[str(i), s.name, s.address] for i, s in enumerate(sites, 1)],
                [0.08, 0.42, 0.5],
                centre_columns=(0,),
            )
        )
    participants = []
    if session.central_body_id:
        participants.append(f"{session.central_body.name} (điểm cầu Trung ương)")
    participants += [f"{row.agency.name}: {DUTY_TEXT.get(row.duty, row.duty)}" for row in agencies]
    body.append(
        Para("4. Thành phần tham dự:" if participants else "4. Thành phần tham dự: công dân được mời.")
    )
    body += [Para(f"- {p};", style="body") for p in participants]
    focus = session.focus.strip().rstrip(".")
    content = f"5. Nội dung: {focus}" if focus else "5. Nội dung: tiếp công dân theo lịch"
    content += f"; {total:02d} vụ việc ({by_type})." if total else "."
    body += [
        Para(content),
        Para(
            "Công dân được mời mang theo căn cước (hoặc giấy tờ tùy thân khác); người đại diện, người được ủy "
            "quyền mang theo văn bản cử người đại diện hoặc giấy ủy quyền (khoản 1 Điều 12 Nghị định số "
            "154/2026/NĐ-CP)."
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
        subject=f"Lịch tiếp công dân {kind} trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh",
        body=body,
        signatures=[Signature(list(issuer.authority), signer_name)],
        recipients=[
            "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
            "- Các cơ quan, đơn vị tại mục 4;",
            "- UBND các xã, phường có điểm cầu;",
            "- Cổng Thông tin điện tử tỉnh;",
            "- Lưu: VT.",
        ],
        title=f"Thông báo lịch tiếp công dân — {session.code}",
    )


# ------------------------------------------------------------------------------------------------
# Giấy mời công dân


def invitation_problems(invitation) -> list[str]:
    return not_announced(invitation.session)


def build_invitation(invitation, issuer, *, number, date, replaces=None, signer_name="") -> OfficialDocument:
    session = invitation.session
    citizen = invitation.citizen
    item = invitation.agenda_item
    case = item.case
    matter = MATTER.get(case.case_type, "khiếu nại, tố cáo, kiến nghị, phản ánh")
    commune = case.unit.name if case.unit_id else ""
    body = _replacing(replaces, "Giấy mời", issuer) + [
        Para(
            f"{issuer.name} trân trọng kính mời ông (bà) {citizen.full_name}, địa chỉ: {citizen.address}, tham "
            f"dự buổi tiếp công dân {KIND_TEXT.get(session.kind, '')} trực tuyến của Chủ tịch Ủy ban nhân dân "
            f"tỉnh để trình bày nội dung {matter} (vụ việc số {case.code})."
        ),
        Para(
            f"Thời gian: {_hour(item.slot_start)}, {_day(item.slot_start)} (buổi tiếp công dân từ "
            f"{_hour(session.start)} đến {_hour(session.end)})."
        ),
        Para(f"Địa điểm: điểm cầu {_site(invitation.site)}."),
        Para(
            f"Khi đến, đề nghị ông (bà) mang theo: {ROLE_PAPERS.get(invitation.role, ROLE_PAPERS['applicant'])}."
        ),
        Para("Đề nghị ông (bà) có mặt trước giờ tiếp 30 phút để làm thủ tục."),
    ]
    recipients = ["- Như trên;"]
    if commune:
        recipients.append(f"- UBND {commune} (để phối hợp);")
    recipients.append("- Lưu: VT, hồ sơ.")
    return OfficialDocument(
        parent_body=issuer.parent_body,
        issuing_body=issuer.body,
        code=f"GM-{issuer.suffix}",
        number=number,
        place=issuer.place,
        date=date,
        doc_type="Giấy mời",
        subject=SUBJECT,
        addressees=[f"Ông (bà) {citizen.full_name}"],
        body=body,
        signatures=[Signature(list(issuer.authority), signer_name)],
        recipients=recipients,
        title=f"Giấy mời — {session.code} — {case.code}",
    )


# ------------------------------------------------------------------------------------------------
# Giấy mời cơ quan


def agency_problems(row) -> list[str]:
    return not_announced(row.session)


def build_agency_invitation(row, issuer, *, number, date, replaces=None, signer_name="") -> OfficialDocument:
    from addons.tiepdan_bridge.models import BridgeSite
    from addons.tiepdan_session.models import DossierRequest

    session = row.session
    agency = row.agency
    site = session.host_site
    if agency.kind == "trung_uong":
        central = rules.central_site_ids()
        if central:
            site = BridgeSite.objects.get(pk=central[0])
    body = _replacing(replaces, "Giấy mời", issuer) + [
        Para(
            f"{issuer.name} trân trọng kính mời đại diện lãnh đạo {agency.name} tham dự buổi tiếp công dân "
            f"{KIND_TEXT.get(session.kind, '')} trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh, do {_chair(session)} "
            "chủ trì."
        ),
        Para(f"Thời gian: {_when(session)}."),
        Para(f"Địa điểm: điểm cầu {_site(site)}."),
        Para(f"Nhiệm vụ: {DUTY_TEXT.get(row.duty, row.duty)}."),
    ]
    requests = list(
        DossierRequest.objects.filter(session=session, agency=agency)
        .select_related("agenda_item__case")
        .order_by("agenda_item__order")
    )
    if requests:
        body.append(Para("Đề nghị quý cơ quan gửi báo cáo, hồ sơ các vụ việc sau:"))
        body.append(
            Grid(
                ["STT", "Vụ việc", "Hạn gửi báo cáo"],
                [
                    [str(i), r.agenda_item.case.code, f"{r.deadline:%d/%m/%Y}"]
                    for i, r in enumerate(requests, 1)
                ],
                [0.1, 0.55, 0.35],
                centre_columns=(0, 2),
            )
        )
    return OfficialDocument(
        parent_body=issuer.parent_body,
        issuing_body=issuer.body,
        code=f"GM-{issuer.suffix}",
        number=number,
        place=issuer.place,
        date=date,
        doc_type="Giấy mời",
        subject=SUBJECT,
        addressees=[agency.name],
        body=body,
        signatures=[Signature(list(issuer.authority), signer_name)],
        recipients=["- Như trên;", "- Lưu: VT."],
        title=f"Giấy mời — {session.code} — {agency.name}",
    )
