"""Our streaming xlsx writer (exports/xlsx.py) against the readers: a register opens in openpyxl and in
LibreOffice (headless, saved back as .xlsx) with the same cells, merges and print settings, and the
frozen panes in openpyxl (LibreOffice headless keeps no view settings, whoever wrote the file);
and a sheet written through it reads exactly as the same calls made through xlsxwriter (the writer it
replaced): values, number formats, fonts, alignment, borders, column widths, row heights, merges,
panes, print titles, paper, orientation, fit to width and margins."""

import datetime as dt
import io
import os
import re
import tempfile

import openpyxl
import pytest
import xlsxwriter

from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory, make_user
from addons.tiepdan_report.exports import xlsx

from . import xlsx_tools
from .common import reception
from .test_register_export import _data, _get

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f])_")
AWKWARD = [
    "Trần Thị Mai & <con> \"Bé\" 'Na'",  # XML's own characters
    "  hai khoảng trắng ở đầu và cuối  ",  # kept as typed
    "dòng một\ndòng hai\tcó tab",
    "mã _x0041_ giữ nguyên",  # a literal escape sequence stays literal
    "ký tự điều khiển \x01 \x1f",  # shown as Excel shows them: _x0001_
    "=1+1",  # made safe by the caller (safe_text), written as text
    "Nguyễn Văn Ánh — Ấp Mỹ Phú, phường Đạo Thạnh ₫",
]


def _soffice_or_skip():
    if xlsx_tools.soffice() is None:
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice (soffice) must be installed in CI: apt-get install libreoffice-calc-nogui"
            )
        pytest.skip("soffice is not installed on this machine")


def test_a_register_reads_the_same_in_openpyxl_and_in_libreoffice(db):
    _soffice_or_skip()
    _data(db)
    for n, text in enumerate(AWKWARD):
        case = CaseFactory(applicant=CitizenFactory(full_name=f"Người {n}", address=text), summary=text)
        reception(case, dt.date(2026, 10, 10 + n))
    data = xlsx_tools.body(_get(make_user("ban_tcd")))
    ours = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    office = openpyxl.load_workbook(io.BytesIO(xlsx_tools.libreoffice_copy(data))).worksheets[0]
    assert _from_libreoffice(xlsx_tools.cells(office)) == _decoded(xlsx_tools.cells(ours))
    # Headless, LibreOffice has no view and writes none back: the panes are lost the same way from a
    # file of xlsxwriter's; openpyxl reads them, and the next test compares them with xlsxwriter's.
    assert {**xlsx_tools.layout(office), "freeze_panes": "D6"} == xlsx_tools.layout(ours)
    assert xlsx_tools.layout(ours) == {
        "merges": ["A1:M1", "A2:M2"],
        "freeze_panes": "D6",
        "print_title_rows": "$4:$5",
        "orientation": "landscape",
        "paper": 9,
        "fit_to_page": True,
        "fit_width": 1,
        "fit_height": 0,
        "margins": (0.6, 0.4, 0.6, 0.6),
    }
    summaries = [row[4] for row in _from_libreoffice(xlsx_tools.cells(office))[5:]]
    for text in AWKWARD[:5] + AWKWARD[6:]:
        assert text in summaries, text  # as typed, the control characters too
    assert "'=1+1" in summaries  # the formula escape of the register, a string cell
    for sheet in (ours, office):
        assert [round(sheet.column_dimensions[c].width) for c in "ACE"] == [7, 29, 41]
        assert sheet.row_dimensions[4].height == 60
        assert sheet.cell(6, 2).number_format == "dd/mm/yyyy"
        assert sheet.cell(4, 1).font.b and sheet.cell(4, 1).font.name == "Times New Roman"


def _decoded(grid):
    """Cells as a reader that follows ECMA-376 §22.4.2.4 sees them (Excel, LibreOffice): `_xHHHH_` is the
    character HHHH. openpyxl shows the escapes as they are stored."""
    return [
        [_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), v) if isinstance(v, str) else v for v in row]
        for row in grid
    ]


def _from_libreoffice(grid):
    """LibreOffice writes a control character as `_xHHHH_` (and a literal `_x0041_` as it is)."""
    return [
        [_CONTROL.sub(lambda m: chr(int(m.group(1), 16)), v) if isinstance(v, str) else v for v in row]
        for row in grid
    ]


def _both(calls):
    """The same calls through xlsxwriter and through our writer; both files, read back by openpyxl."""
    books = []
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/xlsxwriter.xlsx"
        reference = xlsxwriter.Workbook(path, {"strings_to_formulas": False})
        calls(reference)
        reference.close()
        books.append(openpyxl.load_workbook(path).worksheets[0])
    ours, handle = xlsx.new_workbook()
    calls(ours)
    ours.close()
    handle.seek(0)
    books.append(openpyxl.load_workbook(io.BytesIO(handle.read())).worksheets[0])
    handle.close()
    return books


def _look(cell) -> tuple:
    font, align, border = cell.font, cell.alignment, cell.border
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        (font.name, font.sz, bool(font.b), bool(font.i)),
        (align.horizontal, align.vertical, bool(align.wrap_text)),
        tuple(getattr(border, side).style for side in ("left", "right", "top", "bottom")),
    )


def _project_sheet(book):
    """A sheet the way our exports build one: the project's formats, a merged title, a two-row header,
    every kind of cell, through the xlsxwriter-style calls both writers take."""
    sheet = xlsx.Sheet.__new__(xlsx.Sheet)  # the formats of Sheet, on either writer
    xlsx.Sheet.__init__(sheet, book, "Biểu thử")
    ws = sheet.ws
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 28.5)
    ws.set_column(2, 4, 11)
    ws.freeze_panes(4, 2)
    ws.repeat_rows(2, 3)
    ws.merge_range(0, 0, 0, 4, "TIÊU ĐỀ", sheet.title)
    ws.set_row(2, 45)
    ws.merge_range(2, 0, 3, 0, "STT", sheet.head)
    ws.write_string(2, 1, "Đơn vị", sheet.head)
    ws.merge_range(2, 2, 2, 4, "Số liệu", sheet.head)
    ws.write_string(3, 1, "(1)", sheet.colno)
    for col in range(2, 5):
        ws.write_string(3, col, f"({col})", sheet.colno)
    for row, (name, a, b) in enumerate([("Phường Mỹ Tho", 50000, 1234567), ("Xã Tân Hội", 0, 7)], 4):
        ws.write_number(row, 0, row - 3, sheet.centre)
        ws.write_string(row, 1, xlsx.safe_text(name), sheet.text)
        ws.write_number(row, 2, a, sheet.number)
        ws.write_number(row, 3, b, sheet.number)
        ws.write_formula(row, 4, f"=C{row + 1}+D{row + 1}", sheet.number, a + b)
    ws.write_datetime(6, 1, dt.datetime(2026, 10, 5, 9, 30), sheet.date)
    ws.write_blank(6, 2, None, sheet.total_label)
    ws.write_formula(6, 4, "=SUM(E5:E6)", sheet.total, 1284574)
    ws.write_string(7, 1, "", sheet.text)  # an empty text cell, as xlsxwriter writes it
    ws.write_string(7, 2, AWKWARD[0], sheet.text)


def test_a_sheet_reads_exactly_as_the_same_calls_made_through_xlsxwriter():
    theirs, ours = _both(_project_sheet)
    assert ours.max_row == theirs.max_row == 8 and ours.max_column == theirs.max_column == 5
    for row in range(1, 9):
        for col in range(1, 6):
            assert _look(ours.cell(row, col)) == _look(theirs.cell(row, col)), (row, col)
    assert xlsx_tools.layout(ours) == xlsx_tools.layout(theirs)
    assert _widths(ours) == _widths(theirs)
    assert ours.row_dimensions[3].height == theirs.row_dimensions[3].height == 45
    assert ours.cell(7, 2).value == dt.datetime(2026, 10, 5, 9, 30)
    assert ours.cell(5, 5).value == "=C5+D5"  # the formula, with its cached value for a reader
    cached = openpyxl.load_workbook(io.BytesIO(_ours_bytes()), data_only=True).worksheets[0]
    assert cached.cell(7, 5).value == 1284574


def _widths(sheet) -> dict:
    """{column: width} (xlsxwriter stores neighbours of one width as one range)."""
    return {
        col: dim.width
        for dim in sheet.column_dimensions.values()
        if dim.customWidth
        for col in range(dim.min, dim.max + 1)
    }


def _ours_bytes() -> bytes:
    book, handle = xlsx.new_workbook()
    _project_sheet(book)
    book.close()
    handle.seek(0)
    return handle.read()


def test_rows_go_top_to_bottom_and_settings_come_before_the_rows():
    book, handle = xlsx.new_workbook()
    sheet = xlsx.Sheet(book, "Thứ tự")
    write = sheet.ws.row_writer([("number", sheet.centre), ("text", sheet.text)])
    for row in range(xlsx.BUFFER_ROWS + 1):  # past the buffer: the sheet's XML has started
        write(row, (row, "x"))
    with pytest.raises(RuntimeError):
        write(3, (3, "x"))
    with pytest.raises(RuntimeError):
        sheet.ws.write_string(3, 0, "late")
    with pytest.raises(RuntimeError):
        sheet.ws.freeze_panes(1, 0)
    book.close()
    handle.close()
