"""Sổ tiếp công dân (Mẫu số 03/TCD, Nghị định 154/2026/NĐ-CP): one row per reception, columns (1)–(12) of
the form and Ghi chú, for a period and a place, scoped by `visible_to`. A denouncer's identity (every
`to_cao`) shows only to the case's handlers; everyone else gets the masked name and dashes, and the
matter itself is withheld (it may name the denouncer)."""

import datetime as dt
import json

from django.db.models import Case as Choose
from django.db.models import OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import JSONObject
from django.utils import timezone

from addons.tiepdan_case.models import Case, CaseParticipant, Citizen, Reception
from addons.tiepdan_case.scoping import shielded_flag
from addons.tiepdan_case.services import identity

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


# The reception's own columns, then its case's, then the applicant (one row per reception, a stream of tuples).
_FIELDS = (
    "received_at",
    "direction",
    "document_number",
    "guided_to",
    "refusal_ground",
    "note",
    "case_id",
    "case__case_type",
    "case__organisation_name",
    "case__organisation_address",
    "case__summary",
    "case__group_size",
    "case__previous_handling",
    "case__redacted_previous_handling",
    "case__within_provincial_competence",
    "case__state",
    "case__outcome_notified_on",
    "secret",
    "applicant",
    "representative",
)
CHUNK = 2000  # rows per fetch of the server-side cursor


def _person(participants):
    """The first of these participants of the row's case, as JSON: name, address and identity paper. The
    participant is chosen first, then its citizen read by id (one probe, not one per participant)."""
    chosen = participants.values("citizen_id")[:1]
    person = JSONObject(name="full_name", address="address", id_type="id_type", id_number="id_number")
    citizen = Citizen.objects.filter(pk=Subquery(chosen)).order_by().values(person=person)
    return Subquery(citizen[:1], output_field=TextField())  # parsed by _who, without a converter per row


def receptions_for(user, date_from: dt.date, date_to: dt.date, agency=None):
    """The period's receptions in `visible_to`, oldest first, as tuples of `_FIELDS`, in one statement.
    `secret`: this user may not see the denouncer (every `to_cao` the user does not handle); then the
    row carries no person. `applicant`: the case's representative, else its applicant, else its first
    person; `representative`: an organisation's representative (`dai_dien_to_chuc`). Each is one
    indexed probe per row, so neither model instances nor a query per chunk."""
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    qs = Reception.objects.visible_to(user).filter(received_at__gte=start, received_at__lt=end)
    if agency is not None:
        qs = qs.filter(receiving_agency=agency)
    people = CaseParticipant.objects.filter(case_id=OuterRef(OuterRef("case_id")))
    rank = Choose(
        When(role="nguoi_dai_dien", then=Value(0)),
        When(role="nguoi_dung_don", then=Value(1)),
        default=Value(2),
    )
    applicant = _person(people.order_by(rank, "id"))
    representative = _person(people.filter(role="dai_dien_to_chuc").order_by("id"))
    return (
        qs.annotate(secret=shielded_flag(user, "case_id"))  # on the case's columns: no subquery per row
        .annotate(
            applicant=Choose(When(secret=False, then=applicant), default=None, output_field=TextField()),
            representative=Choose(
                When(Q(secret=False) & ~Q(case__organisation_name=""), then=representative),
                default=None,
                output_field=TextField(),
            ),
        )
        .order_by("received_at", "id")
        .values_list(*_FIELDS)
    )


def _handling(direction, document_number, guided_to, refusal, competent) -> tuple[str, str, str, str]:
    """Columns 9, 10, 11 and the note for the handling direction (`refusal`: the ground as displayed)."""
    letter = f"; số văn bản {document_number}" if document_number else ""
    accepted = "x" if direction == "thu_ly" and competent else ""
    guided = f"{guided_to}{letter}" if direction == "huong_dan" else ""
    forwarded = f"{guided_to}{letter}" if direction in ("chuyen_don", "don_doc") else ""
    note = ""
    if direction == "tu_choi":
        note = f"Từ chối: {refusal}"
    elif direction == "giai_thich":
        note = "Đã giải quyết đúng, đã giải thích"
    elif direction == "don_doc":
        note = "Đôn đốc cấp dưới giải quyết"
    return accepted, guided, forwarded, note


def _who(person: str) -> tuple:
    """(name, address, id type, id number) of a person as the statement gave it (JSON text)."""
    person = json.loads(person)
    return person["name"], person["address"], person["id_type"], person["id_number"]


def _labels(model, field) -> dict:
    """A field's choices as shown (what get_FOO_display gives), in the active language, once per export."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def write_register(user, date_from: dt.date, date_to: dt.date, agency=None, place_name: str = ""):
    """The register as an open temporary .xlsx file (rewound), and the number of rows written."""
    workbook, handle = new_workbook()
    sheet = Sheet(workbook, "Sổ tiếp công dân")
    ws = sheet.ws
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.freeze_panes(HEADER_ROWS, 3)
    ws.repeat_rows(3, 4)
    last = len(HEADERS) - 1
    ws.merge_range(0, 0, 0, last, "SỔ TIẾP CÔNG DÂN", sheet.title)
    period = f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"
    ws.merge_range(1, 0, 1, last, f"{place_name + ' — ' if place_name else ''}{period}", sheet.subtitle)
    ws.set_row(3, 60)
    for col, header in enumerate(HEADERS):
        ws.write_string(3, col, header, sheet.head)
    for col in range(len(HEADERS)):
        ws.write_string(4, col, f"({col + 1})", sheet.colno)
    text, centre = ("text", sheet.text), ("text", sheet.centre)
    write = ws.row_writer(
        [("number", sheet.centre), ("date", sheet.date), text, text, text, centre, ("number", sheet.number)]
        + [text, centre, text, text, text, text]
    )
    masked_who = f"{identity.MASKED_NAME}, {identity.MASKED_VALUE}"
    states = _labels(Case, "state")
    grounds = _labels(Reception, "refusal_ground")
    papers = _labels(Citizen, "id_type")
    local = timezone.get_current_timezone()
    row = HEADER_ROWS
    seen_protected = {}
    for (
        received_at,
        direction,
        document_number,
        guided_to,
        refusal_ground,
        note_extra,
        case_id,
        case_type,
        organisation_name,
        organisation_address,
        summary,
        group_size,
        previous_handling,
        redacted_previous_handling,
        competent,
        state,
        outcome_notified_on,
        masked,
        applicant,
        representative,
    ) in receptions_for(user, date_from, date_to, agency).iterator(chunk_size=CHUNK):
        if masked is not False and masked != 0:  # true, or NULL from the database: masked
            who, paper, matter, note_extra = masked_who, identity.MASKED_VALUE, MASKED_MATTER, ""
            previous_handling = identity.shown_copy(previous_handling or "", redacted_previous_handling)
        else:
            person = _who(applicant) if applicant else None
            if (organisation_name or "").strip():  # column (3): the organisation, by its representative
                if representative:
                    person = _who(representative)
                who = f"{organisation_name}, {organisation_address}" + (
                    f" (người đại diện: {person[0]})" if person else ""
                )
            else:
                who = f"{person[0]}, {person[1]}" if person else ""
            paper = f"{papers.get(person[2], person[2])} {person[3]}" if person else ""
            matter = summary
            if case_type == "to_cao":  # Case.is_protected: the handler's view is logged
                seen_protected[case_id] = None
        accepted, guided, forwarded, note = _handling(
            direction, document_number, guided_to, grounds.get(refusal_ground, refusal_ground), competent
        )
        follow_up = states.get(state, state)
        if outcome_notified_on:
            follow_up += f"; đã thông báo kết quả ngày {outcome_notified_on:%d/%m/%Y}"
        write(  # the text columns are made safe from formulas by the writer (xlsx.safe_text)
            row,
            (
                row - HEADER_ROWS + 1,
                received_at.astimezone(local).replace(tzinfo=None),
                who,
                paper,
                matter or "",
                TYPE_SHORT.get(case_type, ""),
                group_size,
                previous_handling or "",
                accepted,
                guided,
                forwarded,
                follow_up,
                f"{note}; {note_extra}" if note and note_extra else note or note_extra or "",
            ),
        )
        row += 1
    identity.log_unmasked_case_ids(user, seen_protected, "export:register")  # the denunciations shown
    workbook.close()
    handle.seek(0)
    return handle, row - HEADER_ROWS
