"""Workbooks the way the province reads them: xlsxwriter in constant-memory mode (rows go to disk as they
are written), Vietnamese headers with merged cells, frozen panes, landscape A4 fitted to the page width,
numbers as `50.000`, dates dd/mm/yyyy, and text that a spreadsheet could take for a formula escaped."""

import tempfile

import xlsxwriter

# `50.000`, `1.234.567` whatever the reader's locale: dots are literal, thousands grouped by sections.
NUMBER_FORMAT = '[>=1000000]#"."###"."##0;[>=1000]#"."##0;0'
DATE_FORMAT = "dd/mm/yyyy"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value) -> str:
    """Text a spreadsheet must not run: a leading = + - @ (or tab, CR) gets an apostrophe in front (OWASP)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class Sheet:
    """A worksheet with the project's formats. Rows must be written top to bottom (constant memory)."""

    def __init__(self, workbook, name: str):
        self.book = workbook
        self.ws = workbook.add_worksheet(name[:31])
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)  # fit to the page width, as many pages down as needed
        self.ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "top", "border": 1}
        self.title = workbook.add_format(
            {"font_name": "Times New Roman", "bold": True, "font_size": 14, "align": "center"}
        )
        self.subtitle = workbook.add_format(
            {"font_name": "Times New Roman", "italic": True, "align": "center"}
        )
        self.head = workbook.add_format(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
        )
        self.colno = workbook.add_format({**base, "italic": True, "align": "center"})
        self.text = workbook.add_format({**base, "text_wrap": True})
        self.centre = workbook.add_format({**base, "align": "center"})
        self.number = workbook.add_format({**base, "num_format": NUMBER_FORMAT})
        self.total = workbook.add_format({**base, "bold": True, "num_format": NUMBER_FORMAT})
        self.total_label = workbook.add_format({**base, "bold": True})
        self.date = workbook.add_format({**base, "num_format": DATE_FORMAT, "align": "center"})

    def text_cell(self, row, col, value, fmt=None):
        self.ws.write_string(row, col, safe_text(value), fmt or self.text)


def new_workbook():
    """(workbook, temporary file): constant memory needs a file; the caller streams it and closes it."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115  (closed by the response)
    workbook = xlsxwriter.Workbook(
        handle.name, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties({"author": "Tiếp công dân trực tuyến", "company": "UBND tỉnh Đồng Tháp"})
    return workbook, handle


def column_letter(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)


def header_block(sheet: Sheet, first_row: int, last_row: int, last_col: int, cells) -> None:
    """A multi-row header with merged cells, written row by row as constant memory requires.

    `cells` are (row, col, last_row, last_col, text). xlsxwriter's merge_range pads a merge with blank
    cells in the rows below at once, which constant-memory mode would drop for the cells of the upper rows
    written afterwards; so the merges are registered first and every cell is then written in row order."""
    text_at = {}
    for r1, c1, r2, c2, text in cells:
        text_at[(r1, c1)] = text
        if (r1, c1) != (r2, c2):
            sheet.ws.merge.append([r1, c1, r2, c2])
    for row in range(first_row, last_row + 1):
        for col in range(0, last_col + 1):
            if (row, col) in text_at:
                sheet.ws.write_string(row, col, text_at[(row, col)], sheet.head)
            else:
                sheet.ws.write_blank(row, col, None, sheet.head)
