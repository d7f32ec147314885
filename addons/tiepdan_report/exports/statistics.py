"""Biểu số 01/TCD and 02/TCD of Thông tư 01/2024/TT-TTCP (a series distinct from the NĐ 154 forms despite
the same numbers), per commune and for the province, computed from the reception rows (grouped queries
through `visible_to`; nothing typed by hand). Totals are formulas with their values cached, so a
spreadsheet shows them without recalculating.

Column layout of 01/TCD: legal-research.md §8.2 note A (the header tree of the national reporting
software): (1) = (4)+(13)+(22) visits, (2) = (5)+(14)+(23) people, (3) = (6)+(7)+(15)+(16)+(24)+(25) cases.
The 02/TCD columns were not seen in an official copy; they follow the handling directions of DESIGN.md.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Case as DbCase
from django.db.models import CharField, Count, Exists, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from addons.tiepdan_case.models import AdministrativeUnit, AuditEvent, Case, Reception
from addons.tiepdan_case.scoping import is_commune_clerk, user_commune_id

from .periods import Period
from .xlsx import Sheet, column_letter, header_block, new_workbook

PROVINCE_ROW = "__tinh__"
PROVINCE_LABEL = "Cấp tỉnh (Ban Tiếp công dân, Chủ tịch UBND tỉnh)"
FIRST_DATA_COL = 2  # A: STT, B: Đơn vị


def _bounds(period: Period):
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    return start, end


def rows_for(user):
    """[(key, label)]: the user's own commune only, or every commune and the province level."""
    if is_commune_clerk(user):
        unit = AdministrativeUnit.objects.get(pk=user_commune_id(user))
        return [(unit.code, unit.name)]
    communes = AdministrativeUnit.objects.exclude(kind="tinh").filter(is_active=True)
    return [(u.code, u.name) for u in communes] + [(PROVINCE_ROW, PROVINCE_LABEL)]


def _row_key(agency_kind, unit_code):
    return unit_code if agency_kind == "ubnd_xa" and unit_code else PROVINCE_ROW


def _receptions(user, period: Period):
    start, end = _bounds(period)
    return Reception.objects.visible_to(user).filter(received_at__gte=start, received_at__lt=end)


# --- Biểu 01/TCD -------------------------------------------------------------------------------------


# The 29 data columns, by number: (bucket, measure). Buckets: tx regular, tt head in person, uq delegate.
def _block(bucket, first, with_sessions):
    cols = {}
    n = first
    if with_sessions:
        cols[n] = (bucket, "sessions")
        n += 1
    for measure in (
        "visits",
        "people",
        "cases_first",
        "cases_repeat",
        "groups",
        "group_people",
        "group_cases_first",
        "group_cases_repeat",
    ):
        cols[n] = (bucket, measure)
        n += 1
    return cols


FORM01_COLUMNS = {**_block("tx", 4, False), **_block("tt", 12, True), **_block("uq", 21, True)}
FORM01_FORMULAS = {1: (4, 13, 22), 2: (5, 14, 23), 3: (6, 7, 15, 16, 24, 25)}


def form01_figures(user, period: Period) -> dict:
    """{row key: {column number: value}} for columns 4–29 (1–3 are formulas over them)."""
    figures = defaultdict(lambda: defaultdict(int))
    base = _receptions(user, period)
    # One bucket per column block, so a case received at a periodic and an ad hoc session counts once.
    bucket_expr = DbCase(
        When(kind="thuong_xuyen", then=Value("tx")),
        When(by_head=True, then=Value("tt")),
        default=Value("uq"),
        output_field=CharField(),
    )
    grouped = (
        base.annotate(bucket=bucket_expr)
        .values(
            "receiving_agency__kind",
            "receiving_agency__unit__code",
            "bucket",
            "case__is_repeat",
            "case__is_group",
        )
        .annotate(visits=Count("id"), people=Sum("people_count"), cases=Count("case", distinct=True))
        .order_by()
    )
    for g in grouped:
        key = _row_key(g["receiving_agency__kind"], g["receiving_agency__unit__code"])
        bucket = g["bucket"]
        row = figures[key]
        repeat = "repeat" if g["case__is_repeat"] else "first"
        row[(bucket, "visits")] += g["visits"]
        row[(bucket, "people")] += g["people"] or 0
        row[(bucket, f"cases_{repeat}")] += g["cases"]
        if g["case__is_group"]:
            row[(bucket, "groups")] += g["visits"]
            row[(bucket, "group_people")] += g["people"] or 0
            row[(bucket, f"group_cases_{repeat}")] += g["cases"]
    sessions = (
        base.exclude(kind="thuong_xuyen")
        .values("receiving_agency__kind", "receiving_agency__unit__code", "by_head")
        .annotate(days=Count(TruncDate("received_at"), distinct=True))
    )
    for g in sessions:
        key = _row_key(g["receiving_agency__kind"], g["receiving_agency__unit__code"])
        figures[key][("tt" if g["by_head"] else "uq", "sessions")] += g["days"]
    return {key: {n: row[spec] for n, spec in FORM01_COLUMNS.items()} for key, row in figures.items()}


def _form01_header(sheet, top):
    r = top
    cells = [
        (r, 0, r + 3, 0, "STT"),
        (r, 1, r + 3, 1, "Đơn vị"),
        (r, 2, r + 1, 4, "Tổng số"),
        (r + 2, 2, r + 3, 2, "Lượt tiếp"),
        (r + 2, 3, r + 3, 3, "Người được tiếp"),
        (r + 2, 4, r + 3, 4, "Vụ việc"),
        (r, 5, r + 1, 12, "Tiếp thường xuyên"),
        (r, 13, r, 30, "Tiếp định kỳ và đột xuất của Thủ trưởng"),
        (r + 1, 13, r + 1, 21, "Thủ trưởng tiếp"),
        (r + 1, 22, r + 1, 30, "Ủy quyền tiếp"),
    ]
    for first, with_sessions in ((5, False), (13, True), (22, True)):
        c = first
        if with_sessions:
            cells.append((r + 2, c, r + 3, c, "Số kỳ tiếp"))
            c += 1
        cells += [
            (r + 2, c, r + 3, c, "Lượt"),
            (r + 2, c + 1, r + 3, c + 1, "Người"),
            (r + 2, c + 2, r + 2, c + 3, "Vụ việc"),
            (r + 3, c + 2, r + 3, c + 2, "Lần đầu"),
            (r + 3, c + 3, r + 3, c + 3, "Nhiều lần"),
            (r + 2, c + 4, r + 2, c + 7, "Đoàn đông người"),
            (r + 3, c + 4, r + 3, c + 4, "Số đoàn"),
            (r + 3, c + 5, r + 3, c + 5, "Người"),
            (r + 3, c + 6, r + 3, c + 6, "Vụ việc lần đầu"),
            (r + 3, c + 7, r + 3, c + 7, "Vụ việc nhiều lần"),
        ]
    header_block(sheet, r, r + 3, 30, cells)
    return r + 4


def _title(sheet, form, title, period, last_col):
    ws = sheet.ws
    ws.write_string(0, 0, f"Biểu số {form}", sheet.total_label_plain)
    ws.merge_range(1, 0, 1, last_col, title, sheet.title)
    ws.merge_range(2, 0, 2, last_col, f"{period.label} — {period.span}", sheet.subtitle)


def _data_rows(sheet, first_row, rows, figures, numbers, formulas):
    """Rows per unit, then the total row; formula columns carry their cached values."""
    ws = sheet.ws
    row = first_row
    for index, (key, label) in enumerate(rows, 1):
        values = figures.get(key, {})
        ws.write_number(row, 0, index, sheet.centre)
        sheet.text_cell(row, 1, label)
        for n in numbers:
            ws.write_number(row, n + 1, values.get(n, 0), sheet.number)
        for n, parts in formulas.items():
            expr = "+".join(f"{column_letter(p + 1)}{row + 1}" for p in parts)
            ws.write_formula(row, n + 1, f"={expr}", sheet.number, sum(values.get(p, 0) for p in parts))
        row += 1
    total_row = row
    ws.write_blank(total_row, 0, None, sheet.total_label)
    ws.write_string(total_row, 1, "Tổng cộng", sheet.total_label)
    for n in sorted({*numbers, *formulas}):
        letter = column_letter(n + 1)
        parts = formulas.get(n, (n,))
        cached = sum(figures.get(k, {}).get(p, 0) for k, _ in rows for p in parts)
        ws.write_formula(
            total_row, n + 1, f"=SUM({letter}{first_row + 1}:{letter}{total_row})", sheet.total, cached
        )
    return total_row


def write_form01(user, period: Period):
    workbook, handle = new_workbook()
    sheet = Sheet(workbook, "Biểu 01-TCD")
    sheet.total_label_plain = workbook.add_format({"font_name": "Times New Roman", "bold": True})
    ws = sheet.ws
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 30, 7)
    _title(sheet, "01/TCD", "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT", period, 30)
    numbers_row = _form01_header(sheet, 4)
    ws.write_string(numbers_row, 0, "", sheet.colno)
    ws.write_string(numbers_row, 1, "", sheet.colno)
    for n in range(1, 30):
        ws.write_string(numbers_row, n + 1, f"({n})", sheet.colno)
    ws.freeze_panes(numbers_row + 1, 2)
    ws.repeat_rows(4, numbers_row)
    rows = rows_for(user)
    figures = form01_figures(user, period)
    total_row = _data_rows(sheet, numbers_row + 1, rows, figures, list(FORM01_COLUMNS), FORM01_FORMULAS)
    workbook.close()
    handle.seek(0)
    return handle, {"rows": len(rows), "total_row": total_row, "figures": figures}


# --- Biểu 02/TCD -------------------------------------------------------------------------------------

FORM02_HEADERS = {
    2: "Kỳ trước chuyển sang",
    3: "Tiếp nhận trong kỳ",
    4: "Khiếu nại",
    5: "Tố cáo",
    6: "Kiến nghị, phản ánh",
    7: "Thuộc thẩm quyền",
    8: "Không thuộc thẩm quyền",
    9: "Thụ lý giải quyết",
    10: "Hướng dẫn",
    11: "Chuyển đơn",
    12: "Đôn đốc giải quyết",
    13: "Giải thích (đã giải quyết đúng)",
    14: "Từ chối",
}
FORM02_FORMULAS = {1: (2, 3)}
DIRECTION_COLUMN = {
    "thu_ly": 9,
    "huong_dan": 10,
    "chuyen_don": 11,
    "don_doc": 12,
    "giai_thich": 13,
    "tu_choi": 14,
}
TYPE_COLUMN = {"khieu_nai": 4, "to_cao": 5, "kien_nghi": 6, "phan_anh": 6}
ENDED = ("closed", "withdrawn", "rejected")


def form02_figures(user, period: Period) -> dict:
    """{row key: {column: value}}. A case counts once per unit: its type, competence and the handling of
    its last reception in the period. Carried over (2): cases received at that unit before the period
    that were still open at its start (no move to closed, withdrawn or rejected before it)."""
    start, _end = _bounds(period)
    figures = defaultdict(lambda: defaultdict(int))
    received = (
        _receptions(user, period)
        .order_by("case_id", "received_at", "id")
        .values(
            "case_id",
            "case__case_type",
            "case__within_provincial_competence",
            "direction",
            "receiving_agency__kind",
            "receiving_agency__unit__code",
        )
    )
    last = {}
    for r in received:
        last[(r["case_id"], _row_key(r["receiving_agency__kind"], r["receiving_agency__unit__code"]))] = r
    for (_case, key), r in last.items():
        row = figures[key]
        row[3] += 1
        row[TYPE_COLUMN[r["case__case_type"]]] += 1
        row[7 if r["case__within_provincial_competence"] else 8] += 1
        row[DIRECTION_COLUMN[r["direction"]]] += 1
    ended_before = AuditEvent.objects.filter(
        content_type__app_label="tiepdan_case",
        content_type__model="case",
        object_id=OuterRef("pk"),
        to_state__in=ENDED,
        at__lt=start,
    )
    earlier = Reception.objects.visible_to(user).filter(received_at__lt=start)
    open_cases = (
        Case.objects.visible_to(user)
        .filter(pk__in=earlier.values("case_id"), received_date__lt=period.start)
        .exclude(Exists(ended_before))
        .exclude(
            Q(state__in=ENDED)
            & ~Q(
                pk__in=AuditEvent.objects.filter(
                    content_type__app_label="tiepdan_case", content_type__model="case", to_state__in=ENDED
                ).values("object_id")
            )
        )
    )
    carried = (
        earlier.filter(case__in=open_cases.values("pk"))
        .values("receiving_agency__kind", "receiving_agency__unit__code")
        .annotate(cases=Count("case", distinct=True))
    )
    for g in carried:
        figures[_row_key(g["receiving_agency__kind"], g["receiving_agency__unit__code"])][2] += g["cases"]
    return {key: dict(row) for key, row in figures.items()}


def write_form02(user, period: Period):
    workbook, handle = new_workbook()
    sheet = Sheet(workbook, "Biểu 02-TCD")
    sheet.total_label_plain = workbook.add_format({"font_name": "Times New Roman", "bold": True})
    ws = sheet.ws
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 15, 10)
    last_col = 15
    _title(sheet, "02/TCD", "TỔNG HỢP KẾT QUẢ PHÂN LOẠI, XỬ LÝ ĐƠN QUA TIẾP CÔNG DÂN", period, last_col)
    r = 4
    cells = [
        (r, 0, r + 2, 0, "STT"),
        (r, 1, r + 2, 1, "Đơn vị"),
        (r, 2, r, 4, "Số vụ việc phải xử lý"),
        (r + 1, 2, r + 2, 2, "Tổng số"),
        (r + 1, 3, r + 2, 3, FORM02_HEADERS[2]),
        (r + 1, 4, r + 2, 4, FORM02_HEADERS[3]),
        (r, 5, r, 7, "Phân loại theo nội dung"),
        (r, 8, r, 9, "Theo thẩm quyền"),
        (r, 10, r, 15, "Kết quả xử lý"),
    ]
    for n in range(4, 15):
        cells.append((r + 1, n + 1, r + 2, n + 1, FORM02_HEADERS[n]))
    header_block(sheet, r, r + 2, last_col, cells)
    numbers_row = r + 3
    ws.write_string(numbers_row, 0, "", sheet.colno)
    ws.write_string(numbers_row, 1, "", sheet.colno)
    for n in range(1, 15):
        ws.write_string(numbers_row, n + 1, f"({n})", sheet.colno)
    ws.freeze_panes(numbers_row + 1, 2)
    ws.repeat_rows(r, numbers_row)
    rows = rows_for(user)
    figures = form02_figures(user, period)
    total_row = _data_rows(sheet, numbers_row + 1, rows, figures, list(range(2, 15)), FORM02_FORMULAS)
    workbook.close()
    handle.seek(0)
    return handle, {"rows": len(rows), "total_row": total_row, "figures": figures}
