"""Sổ tiếp công dân (Mẫu số 03/TCD, Nghị định 154/2026/NĐ-CP): one row per reception, columns (1)–(12) of
the form and Ghi chú, for a period and a place, scoped by `visible_to`. A denouncer's identity (every
`to_cao`) shows only to the case's handlers; everyone else gets the masked name and dashes, and the
matter itself is withheld (it may name the denouncer)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from addons.tiepdan_case.models import Case, CaseParticipant, Reception
from addons.tiepdan_case.services import identity

from ..scoping import denouncer_secret_cases
from .xlsx import Sheet, new_workbook

HEADERS = [
    "Số thứ tự",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "CCCD/Hộ chiếu (hoặc giấy tờ tùy thân)",
    "Tóm tắt nội dung vụ việc",
    "Phân loại đơn (KN/TC/KN/PA)",
    "Số công dân có đơn cùng một nội dung",
    "Cơ quan, tổ chức, đơn vị đã giải quyết hết thẩm quyền",
    "Thụ lý (x nếu thuộc thẩm quyền)",
    "Hướng dẫn đến cơ quan nào, số văn bản hướng dẫn",
    "Cơ quan thụ lý, số văn bản chuyển đơn",
    "Theo dõi quá trình, kết quả giải quyết",
    "Ghi chú",
]
WIDTHS = [6, 11, 28, 16, 40, 12, 10, 24, 10, 24, 24, 24, 20]
TYPE_SHORT = {"khieu_nai": "KN", "to_cao": "TC", "kien_nghi": "KN", "phan_anh": "PA"}
MASKED_MATTER = "Nội dung tố cáo được giữ bí mật (Luật Tố cáo, Điều 47)"
HEADER_ROWS = 5  # title, subtitle, blank, the header, the column numbers


def _applicant(case):
    people = list(case.participants.all())  # prefetched with the citizens: no query per row
    roles = ("nguoi_dai_dien", "nguoi_dung_don")
    if case.is_organisation:
        roles = ("dai_dien_to_chuc",) + roles
    for role in roles:
        for participant in people:
            if participant.role == role:
                return participant.citizen
    return people[0].citizen if people else None


def receptions_for(user, date_from: dt.date, date_to: dt.date, agency=None):
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    qs = Reception.objects.visible_to(user).filter(received_at__gte=start, received_at__lt=end)
    if agency is not None:
        qs = qs.filter(receiving_agency=agency)
    secret = Case.objects.filter(pk=OuterRef("case_id")).filter(
        pk__in=denouncer_secret_cases(user).values("pk")
    )
    people = CaseParticipant.objects.select_related("citizen").order_by("id")
    return (
        qs.select_related("case")
        .annotate(secret=Exists(secret))
        .prefetch_related(Prefetch("case__participants", queryset=people))
        .order_by("received_at", "id")
    )


def _handling(reception, case) -> tuple[str, str, str, str]:
    """Columns 9, 10, 11 and the note for the handling direction."""
    letter = f"; số văn bản {reception.document_number}" if reception.document_number else ""
    direction = reception.direction
    accepted = "x" if direction == "thu_ly" and case.within_provincial_competence else ""
    guided = f"{reception.guided_to}{letter}" if direction == "huong_dan" else ""
    forwarded = f"{reception.guided_to}{letter}" if direction in ("chuyen_don", "don_doc") else ""
    note = ""
    if direction == "tu_choi":
        note = f"Từ chối: {reception.get_refusal_ground_display()}"
    elif direction == "giai_thich":
        note = "Đã giải quyết đúng, đã giải thích"
    elif direction == "don_doc":
        note = "Đôn đốc cấp dưới giải quyết"
    return accepted, guided, forwarded, note


def _follow_up(case) -> str:
    text = str(case.get_state_display())
    if case.outcome_notified_on:
        text += f"; đã thông báo kết quả ngày {case.outcome_notified_on:%d/%m/%Y}"
    return text


def write_register(user, date_from: dt.date, date_to: dt.date, agency=None, place_name: str = ""):
    """The register as an open temporary .xlsx file (rewound), and the number of rows written."""
    workbook, handle = new_workbook()
    sheet = Sheet(workbook, "Sổ tiếp công dân")
    ws = sheet.ws
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    last = len(HEADERS) - 1
    ws.merge_range(0, 0, 0, last, "SỔ TIẾP CÔNG DÂN", sheet.title)
    period = f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"
    ws.merge_range(1, 0, 1, last, f"{place_name + ' — ' if place_name else ''}{period}", sheet.subtitle)
    ws.set_row(3, 60)
    for col, header in enumerate(HEADERS):  # row by row: constant memory drops writes to a finished row
        ws.write_string(3, col, header, sheet.head)
    for col in range(len(HEADERS)):
        ws.write_string(4, col, f"({col + 1})", sheet.colno)
    ws.freeze_panes(HEADER_ROWS, 3)
    ws.repeat_rows(3, 4)
    row = HEADER_ROWS
    seen_protected = []
    for number, reception in enumerate(
        receptions_for(user, date_from, date_to, agency).iterator(chunk_size=500), 1
    ):
        case = reception.case
        citizen = _applicant(case)
        masked = reception.secret
        if masked:
            who, paper, matter = (
                f"{identity.MASKED_NAME}, {identity.MASKED_VALUE}",
                identity.MASKED_VALUE,
                MASKED_MATTER,
            )
            note_extra = ""
        else:
            who = f"{citizen.full_name}, {citizen.address}" if citizen else ""
            if case.is_organisation:  # column (3): the applicant organisation, through its representative
                who = f"{case.organisation_name}, {case.organisation_address}" + (
                    f" (người đại diện: {citizen.full_name})" if citizen else ""
                )
            paper = f"{citizen.get_id_type_display()} {citizen.id_number}" if citizen else ""
            matter = case.summary
            note_extra = reception.note
            if case.is_protected:
                seen_protected.append(case)
        accepted, guided, forwarded, note = _handling(reception, case)
        ws.write_number(row, 0, number, sheet.centre)
        ws.write_datetime(row, 1, timezone.localtime(reception.received_at).replace(tzinfo=None), sheet.date)
        sheet.text_cell(row, 2, who)
        sheet.text_cell(row, 3, paper)
        sheet.text_cell(row, 4, matter)
        sheet.text_cell(row, 5, TYPE_SHORT.get(case.case_type, ""), sheet.centre)
        ws.write_number(row, 6, case.group_size, sheet.number)
        sheet.text_cell(row, 7, identity.case_text(case, "previous_handling", masked))
        sheet.text_cell(row, 8, accepted, sheet.centre)
        sheet.text_cell(row, 9, guided)
        sheet.text_cell(row, 10, forwarded)
        sheet.text_cell(row, 11, _follow_up(case))
        sheet.text_cell(row, 12, "; ".join(p for p in (note, note_extra) if p))
        row += 1
    identity.log_unmasked_views(user, {c.pk: c for c in seen_protected}.values(), "export:register")
    workbook.close()
    handle.seek(0)
    return handle, row - HEADER_ROWS
