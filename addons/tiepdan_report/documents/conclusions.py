"""Thông báo kết luận việc tiếp công dân (NĐ 154 art. 25.2, legal-research.md §2.5): after the session,
the chairman's conclusion and direction for each case, the body assigned, the deadline, the duty to report
back and to answer the citizen in writing. Built from the console's data (the items' conclusions) and the
issued directives of the session (interface 1).

Sent to the bodies concerned and never naming a denouncer: for a denunciation the notice says "người tố
cáo" and prints the directive's redacted instruction (the handler-written copy), never the conclusion's
free text.
"""

from django.utils import timezone

from addons.tiepdan_session.models import Directive

from ..pdf.layout import Grid, OfficialDocument, Para, Signature
from .session_notices import CASE_TYPE_TEXT, KIND_TEXT, WEEKDAYS

SECRET = "(nội dung được bảo mật)"
DENUNCIATION = "to_cao"


def _chair_block(session) -> tuple[list[str], str, str]:
    name = session.chair.get_full_name() or session.chair.username
    if session.chair_capacity == "pho_chu_tich":
        return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name, f"Phó Chủ tịch Ủy ban nhân dân tỉnh {name}"
    return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name, f"Chủ tịch Ủy ban nhân dân tỉnh {name}"


def _applicant_text(case) -> str:
    if case.case_type == DENUNCIATION:
        return "của người tố cáo"
    names = [
        p.citizen.full_name
        for p in case.participants.select_related("citizen").order_by("id")
        if p.role in ("nguoi_dung_don", "nguoi_dai_dien")
    ]
    return f"của ông (bà) {', '.join(names)}" if names else ""


def _instruction(directive) -> str:
    if directive.case.case_type == DENUNCIATION:
        return (directive.redacted_instruction or "").strip() or SECRET
    return directive.instruction.strip()


def problems(session) -> list[str]:
    from django.utils.translation import gettext as _

    if session.state not in ("concluded", "closed"):
        return [_("The conclusions notice is drafted once the session is concluded.")]
    return []


def build(session, issuer, *, number, date, replaces=None, signer_name="") -> OfficialDocument:
    lines, chair_name, chair_text = _chair_block(session)
    start = timezone.localtime(getattr(session, "started_at", None) or session.start)
    directives = list(
        Directive.objects.filter(session=session, issued_at__isnull=False)
        .select_related("case", "case__unit", "lead_agency", "lead_unit", "agenda_item")
        .prefetch_related("supporting_agencies")
        .order_by("agenda_item__order", "id")
    )
    items = list(session.agenda.select_related("case", "case__unit").order_by("order"))
    agencies = sorted({row.agency.name for row in session.agencies.select_related("agency")})
    body = []
    if replaces is not None:
        body.append(
            Para(
                f"Thông báo này thay thế Thông báo số {replaces.reference} ngày "
                f"{replaces.issued_on:%d/%m/%Y} của {issuer.name}."
            )
        )
    body.append(
        Para(
            f"Ngày {start:%d/%m/%Y} ({WEEKDAYS[start.weekday()]}), {chair_text} chủ trì buổi tiếp công dân "
            f"{KIND_TEXT.get(session.kind, '')} trực tuyến (phiên {session.code}) tại điểm cầu chính "
            f"{session.host_site.name}"
            + (f"; tham dự có đại diện: {', '.join(agencies)}" if agencies else "")
            + ". Sau khi nghe công dân trình bày và ý kiến của các cơ quan, đơn vị, người chủ trì kết luận như "
            "sau:"
        )
    )
    by_item: dict[int, list] = {}
    for directive in directives:
        by_item.setdefault(directive.agenda_item_id, []).append(directive)
    shown = 0
    for item in items:
        conclusion = (getattr(item, "conclusion", "") or "").strip()
        outcome = getattr(item, "outcome", "") or ""
        if not conclusion and item.pk not in by_item:
            continue
        if outcome and outcome != "heard" and item.pk not in by_item:
            continue
        shown += 1
        case = item.case
        where = f", {case.unit.name}" if case.unit_id else ""
        body.append(
            Para(
                f"{shown}. Vụ việc số {case.code} ({CASE_TYPE_TEXT.get(case.case_type, case.case_type)}) "
                f"{_applicant_text(case)}{where}.",
                style="body",
            )
        )
        if case.case_type == DENUNCIATION:
            conclusion = SECRET if conclusion else ""
        if conclusion:
            body.append(Para(f"Kết luận: {conclusion}"))
        for directive in by_item.get(item.pk, []):
            body.append(Para(f"Giao {directive.lead}: {_instruction(directive)}"))
    if shown == 0:
        body.append(Para("Không có vụ việc nào được kết luận tại buổi tiếp."))
    if directives:
        rows = []
        for i, d in enumerate(directives, 1):
            duties = []
            if d.must_report:
                duties.append("báo cáo kết quả")
            if d.must_answer_citizen:
                duties.append("trả lời công dân bằng văn bản")
            lead = str(d.lead)
            supporting = ", ".join(a.name for a in d.supporting_agencies.all())
            rows.append(
                [
                    str(i),
                    d.case.code,
                    lead + (f" (phối hợp: {supporting})" if supporting else ""),
                    f"{d.deadline:%d/%m/%Y}" if d.deadline else "",
                    "; ".join(duties),
                ]
            )
        body += [
            Para("Tổng hợp nhiệm vụ được giao:"),
            Grid(
                ["STT", "Vụ việc", "Cơ quan chủ trì", "Thời hạn", "Yêu cầu"],
                rows,
                [0.07, 0.2, 0.35, 0.15, 0.23],
                centre_columns=(0, 3),
            ),
        ]
    body.append(
        Para(
            "Các cơ quan, đơn vị được giao nhiệm vụ tổ chức thực hiện đúng thời hạn, báo cáo kết quả về Ủy ban nhân "
            "dân tỉnh (qua Ban Tiếp công dân tỉnh) và trả lời bằng văn bản cho công dân theo quy định (khoản 2 "
            "Điều 25 Nghị định số 154/2026/NĐ-CP)."
        )
    )
    return OfficialDocument(
        parent_body=issuer.parent_body,
        issuing_body=issuer.body,
        code=f"TB-{issuer.suffix}",
        number=number,
        place=issuer.place,
        date=date,
        doc_type="Thông báo",
        subject=f"Kết luận của người chủ trì buổi tiếp công dân trực tuyến ngày {start:%d/%m/%Y}",
        body=body,
        signatures=[Signature(lines, signer_name or chair_name)],
        recipients=[
            "- Các cơ quan, đơn vị được giao nhiệm vụ;",
            "- UBND các xã, phường có liên quan;",
            "- Ban Tiếp công dân tỉnh;",
            "- Lưu: VT.",
        ],
        title=f"Thông báo kết luận việc tiếp công dân — {session.code}",
    )
