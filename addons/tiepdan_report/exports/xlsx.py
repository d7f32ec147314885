"""Workbooks the way the province reads them: Vietnamese headers with merged cells, frozen panes, landscape
A4 fitted to the page width, the header rows repeated on every printed page, numbers as `50.000`, dates
dd/mm/yyyy, and text that a spreadsheet could take for a formula escaped.

The writer is ours and small: each sheet's XML (SpreadsheetML, ECMA-376) is deflated into the zip as its
rows are produced, strings inline, so a register of 100,000 rows costs a few seconds and a few megabytes
of memory (xlsxwriter's constant-memory mode spent 23 s of CPU on the cells alone). It writes what our
sheets use and nothing else: text, numbers, dates, formulas with their cached values, blanks, cell
formats (font, bold, italic, size, alignment, wrap, thin border, number format), column widths, row
heights, merged ranges, frozen panes, print titles, paper, orientation, fit to width and margins.

Rows go top to bottom. Written cell by cell, a row is held until one `HELD_ROWS` below it is written
(so a merge may pad the rows under it first); a row of `Worksheet.row_writer` sends out every row above
it. The sheet's settings (widths, panes, page) must be given before its first rows go out, which is after
`BUFFER_ROWS` rows: a late setting or a late cell raises instead of being lost."""

import datetime as dt
import re
import tempfile
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# `50.000`, `1.234.567` whatever the reader's locale: dots are literal, thousands grouped by sections.
NUMBER_FORMAT = '[>=1000000]#"."###"."##0;[>=1000]#"."##0;0'
DATE_FORMAT = "dd/mm/yyyy"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

AUTHOR = "Tiếp công dân trực tuyến"
COMPANY = "UBND tỉnh Đồng Tháp"
BUFFER_ROWS = 256  # rows held before the sheet's XML starts (and per write into the zip after that)
HELD_ROWS = 16  # cell by cell, a row may still be written until one 16 rows below it is
COMPRESS_LEVEL = 1  # deflate level: 1 is three times faster than 6 for a file a third larger
MAX_STRING = 32767  # Excel's limit for a cell's text (longer text is cut, as xlsxwriter did)
_EPOCH = dt.datetime(1899, 12, 31)
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def safe_text(value) -> str:
    """Text a spreadsheet must not run: a leading = + - @ (or tab, CR) gets an apostrophe in front (OWASP)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _plain(text: str) -> bool:
    """Nothing to escape (a few scans in C: four times faster than one regular expression)."""
    return (
        text.isprintable()
        and "&" not in text
        and "<" not in text
        and ">" not in text
        and "_x" not in text
        and len(text) <= MAX_STRING
    )


def _escaped(text: str) -> str:
    """Text made safe for XML: cut to Excel's limit, a literal `_xHHHH_` protected, control characters as
    `_xHHHH_` (as Excel and xlsxwriter write them), & < > escaped."""
    text = text[:MAX_STRING]
    if _NEEDS_ESCAPE.search(text):
        text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
        text = escape(text)
    return text


def _cell_text(text: str) -> str:
    """`<is><t>…</t></is>` of a string, leading or trailing white space kept."""
    text = _escaped(text)
    if text and (text[0].isspace() or text[-1].isspace()):
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def excel_date(value: dt.datetime | dt.date) -> float:
    """The serial day number of a naive datetime or a date (1900 system, with Excel's 29/02/1900)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value - _EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return serial + 1 if serial > 59 else serial


def _number(value) -> str:
    return str(value) if isinstance(value, int) else f"{value:.16G}"


def _compile_row(columns):
    """build(r, row attributes, values) -> the `<row>` of these columns (see Worksheet.row_writer)."""
    names = [f"v{i}" for i in range(len(columns))]
    texts = [name for name, (kind, _fmt) in zip(names, columns, strict=True) if kind == "text"]
    xml = '<row r="{r}"{attributes}>'
    for col, (name, (kind, fmt)) in enumerate(zip(names, columns, strict=True)):
        head = f'<c r="{column_letter(col)}{{r}}"' + (f' s="{fmt.xf}"' if fmt else "")
        blank = f"{head}/>" if fmt else ""
        if kind == "text":  # "" is an empty text cell, as xlsxwriter wrote it
            xml += f'{head} t="inlineStr"><is><t xml:space="preserve">{{{name}}}</t></is></c>'
        elif kind in ("number", "date"):
            if kind == "number":  # an int as it is (most cells), a float as xlsxwriter wrote it
                value = f"{{{name} if {name}.__class__ is int else _number({name})}}"
            else:
                value = f"{{_number(excel_date({name}))}}"
            xml += f"{{f'{head}><v>{value}</v></c>' if {name} is not None else f'{blank}'}}"
        else:
            raise ValueError(f"unknown column kind {kind!r}")
    xml += "</row>"
    joined = ", ".join(texts)
    source = [
        "def build(r, attributes, values):",
        f"    {', '.join(names)}, = values",
    ]
    if texts:
        source += [
            f'    {joined}, = ["\'" + v if v.startswith(_FORMULA_START) else v for v in ({joined},)]',
            f"    if not _plain(''.join([{joined}])):",
            f"        {joined}, = [_escaped(v) for v in ({joined},)]",
        ]
    source.append(f"    return f'''{xml}'''")
    namespace = {
        "_FORMULA_START": _FORMULA_START,
        "_plain": _plain,
        "_escaped": _escaped,
        "_number": _number,
        "excel_date": excel_date,
    }
    exec("\n".join(source), namespace)  # noqa: S102  (our own template, no outside input)
    return namespace["build"]


@dataclass(frozen=True)
class Format:
    """A cell format of one workbook: `xf` is its index in the styles' cellXfs."""

    xf: int


_FORMAT_KEYS = {
    "font_name",
    "font_size",
    "bold",
    "italic",
    "align",
    "valign",
    "border",
    "text_wrap",
    "num_format",
}
_HORIZONTAL = {"left": "left", "center": "center", "centre": "center", "right": "right"}
_VERTICAL = {"top": "top", "vcenter": "center", "bottom": None}


class Workbook:
    """An .xlsx written into `handle` (a binary file open for writing, seekable)."""

    def __init__(self, handle):
        self._zip = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        self.sheets: list[Worksheet] = []
        self.properties = {"author": AUTHOR, "company": COMPANY}
        self._fonts = [("Calibri", 11, False, False)]
        self._num_formats: dict[str, int] = {}
        self._xfs: list[tuple] = [(0, 0, 0, None, None, False)]
        self._started = False
        self._closed = False

    def set_properties(self, properties: dict) -> None:
        self.properties.update(properties)

    def add_format(self, spec: dict) -> Format:
        unknown = set(spec) - _FORMAT_KEYS
        if unknown:
            raise ValueError(f"format keys not supported: {sorted(unknown)}")
        font = (
            spec.get("font_name", "Calibri"),
            spec.get("font_size", 11),
            bool(spec.get("bold")),
            bool(spec.get("italic")),
        )
        if font not in self._fonts:
            self._fonts.append(font)
        num_format = 0
        if spec.get("num_format"):
            num_format = self._num_formats.setdefault(spec["num_format"], 164 + len(self._num_formats))
        border = 1 if spec.get("border") else 0
        if spec.get("border") not in (None, 0, 1):
            raise ValueError("only a thin border (1) is supported")
        xf = (
            num_format,
            self._fonts.index(font),
            border,
            _HORIZONTAL[spec["align"]] if spec.get("align") else None,
            _VERTICAL[spec["valign"]] if spec.get("valign") else None,
            bool(spec.get("text_wrap")),
        )
        if xf not in self._xfs:
            self._xfs.append(xf)
        return Format(self._xfs.index(xf))

    def add_worksheet(self, name: str) -> "Worksheet":
        if self._started:
            raise RuntimeError("add every sheet before the first one is written")
        name = name[:31]
        if any(char in name for char in "[]:*?/\\") or name in {s.name for s in self.sheets}:
            raise ValueError(f"bad sheet name {name!r}")
        sheet = Worksheet(self, len(self.sheets), name)
        self.sheets.append(sheet)
        return sheet

    # --- the package --------------------------------------------------------------------------------

    def _start(self) -> None:
        """The parts that come first in the zip (some programs sniff the type from the first entry)."""
        if self._started:
            return
        self._started = True
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{s.index + 1}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for s in self.sheets
        )
        self._zip.writestr(
            "[Content_Types].xml",
            _DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{sheets}</Types>",
        )
        self._zip.writestr(
            "_rels/.rels",
            _DECL + f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>",
        )

    def close(self) -> None:
        if self._closed:
            return
        self._start()
        for sheet in self.sheets:
            sheet._close()
        self._zip.writestr("xl/workbook.xml", self._workbook_xml())
        self._zip.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
        self._zip.writestr("xl/styles.xml", self._styles_xml())
        self._zip.writestr("docProps/core.xml", self._core_xml())
        self._zip.writestr("docProps/app.xml", self._app_xml())
        self._zip.close()
        self._closed = True

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{s.index + 1}" r:id="rId{s.index + 1}"/>'
            for s in self.sheets
        )
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{s.index}">'
            + escape(
                f"'{s.name.replace(chr(39), chr(39) * 2)}'!${s.print_rows[0] + 1}:${s.print_rows[1] + 1}"
            )
            + "</definedName>"
            for s in self.sheets
            if s.print_rows
        )
        return (
            _DECL + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/>'
            f"</bookViews><sheets>{sheets}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        )

    def _workbook_rels(self) -> str:
        n = len(self.sheets)
        sheets = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n)
        )
        return (
            _DECL + f'<Relationships xmlns="{_PKG_REL}">{sheets}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        )

    def _styles_xml(self) -> str:
        num_formats = "".join(
            f"<numFmt numFmtId={quoteattr(str(i))} formatCode={quoteattr(code)}/>"
            for code, i in self._num_formats.items()
        )
        fonts = "".join(
            "<font>"
            + ("<b/>" if bold else "")
            + ("<i/>" if italic else "")
            + f'<sz val="{_number(size)}"/><name val={quoteattr(name)}/><family val="2"/></font>'
            for name, size, bold, italic in self._fonts
        )
        thin = '<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
        thin += '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom>'
        xfs = []
        for num_format, font, border, horizontal, vertical, wrap in self._xfs:
            applied = (
                (' applyNumberFormat="1"' if num_format else "")
                + (' applyFont="1"' if font else "")
                + (' applyBorder="1"' if border else "")
            )
            alignment = (
                (f' horizontal="{horizontal}"' if horizontal else "")
                + (f' vertical="{vertical}"' if vertical else "")
                + (' wrapText="1"' if wrap else "")
            )
            head = f'<xf numFmtId="{num_format}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"'
            if alignment:
                xfs.append(f'{head}{applied} applyAlignment="1"><alignment{alignment}/></xf>')
            else:
                xfs.append(f"{head}{applied}/>")
        return (
            _DECL
            + f'<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self._num_formats)}">{num_formats}</numFmts>' if num_formats else "")
            + f'<fonts count="{len(self._fonts)}">{fonts}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"<border>{thin}<diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )

    def _core_xml(self) -> str:
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        author = escape(self.properties.get("author", ""))
        return (
            _DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
            'terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/'
            f'XMLSchema-instance"><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}'
            f'</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
        )

    def _app_xml(self) -> str:
        return (
            _DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
            'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{escape(AUTHOR)}</Application>"
            f"<Company>{escape(self.properties.get('company', ''))}</Company></Properties>"
        )


class Worksheet:
    """One sheet, streamed. Row and column numbers are 0-based, as in xlsxwriter."""

    def __init__(self, book: Workbook, index: int, name: str):
        self.book, self.index, self.name = book, index, name
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.frozen: tuple[int, int] | None = None
        self.print_rows: tuple[int, int] | None = None
        self.landscape = False
        self.paper: int | None = None
        self.fit: tuple[int, int] | None = None
        self.margins = (0.7, 0.7, 0.75, 0.75)  # left, right, top, bottom (Excel's defaults)
        self._pending: dict[int, dict[int, str]] = {}  # rows not out yet: {row: {col: cell XML}}
        self._height_rows: set[int] = set()  # rows with a height not out yet
        self._done = -1  # the last row gone out
        self._chunks: list[str] = []
        self._stream = None

    # --- settings (before the first rows go out) -----------------------------------------------------

    def _setting(self) -> None:
        if self._stream is not None:
            raise RuntimeError("sheet settings must come before its rows are written out")

    def set_column(self, first: int, last: int, width: float) -> None:
        self._setting()
        for col in range(first, last + 1):
            self.widths[col] = width

    def set_row(self, row: int, height: float) -> None:
        if row <= self._done:
            raise RuntimeError(f"row {row} is already written")
        self.heights[row] = height
        self._height_rows.add(row)

    def freeze_panes(self, row: int, col: int = 0) -> None:
        self._setting()
        self.frozen = (row, col)

    def repeat_rows(self, first: int, last: int | None = None) -> None:
        self.print_rows = (first, first if last is None else last)

    def set_landscape(self) -> None:
        self._setting()
        self.landscape = True

    def set_paper(self, paper: int) -> None:
        self._setting()
        self.paper = paper

    def fit_to_pages(self, width: int, height: int) -> None:
        self._setting()
        self.fit = (width, height)

    def set_margins(self, left=0.7, right=0.7, top=0.75, bottom=0.75) -> None:
        self.margins = (left, right, top, bottom)

    # --- cells ---------------------------------------------------------------------------------------

    def _put(self, row: int, col: int, xml: str) -> None:
        if row <= self._done:
            raise RuntimeError(f"row {row} is already written: rows go top to bottom")
        cells = self._pending.get(row)
        if cells is None:
            if self._pending and min(self._pending) < row - HELD_ROWS:
                self._out_below(row - HELD_ROWS)
            cells = self._pending[row] = {}
        cells[col] = xml

    def write_string(self, row: int, col: int, text: str, fmt: Format | None = None) -> None:
        ref = f"{column_letter(col)}{row + 1}"
        style = f' s="{fmt.xf}"' if fmt else ""
        self._put(row, col, f'<c r="{ref}"{style} t="inlineStr">{_cell_text(text)}</c>')  # "" too, as before

    def write_number(self, row: int, col: int, number, fmt: Format | None = None) -> None:
        style = f' s="{fmt.xf}"' if fmt else ""
        self._put(row, col, f'<c r="{column_letter(col)}{row + 1}"{style}><v>{_number(number)}</v></c>')

    def write_datetime(self, row: int, col: int, value, fmt: Format | None = None) -> None:
        self.write_number(row, col, excel_date(value), fmt)

    def write_formula(self, row: int, col: int, formula: str, fmt: Format | None = None, value=0) -> None:
        style = f' s="{fmt.xf}"' if fmt else ""
        cached = f"<v>{_number(value)}</v>" if isinstance(value, int | float) else ""
        formula = escape(formula.removeprefix("="))
        self._put(row, col, f'<c r="{column_letter(col)}{row + 1}"{style}><f>{formula}</f>{cached}</c>')

    def write_blank(self, row: int, col: int, _value=None, fmt: Format | None = None) -> None:
        if fmt:
            self._put(row, col, f'<c r="{column_letter(col)}{row + 1}" s="{fmt.xf}"/>')

    def merge_range(self, first_row, first_col, last_row, last_col, text: str, fmt: Format | None = None):
        """Merged cells showing `text`; the other cells of the range get the format (their borders)."""
        self.merges.append((first_row, first_col, last_row, last_col))
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                if (row, col) == (first_row, first_col):
                    self.write_string(row, col, text, fmt)
                else:
                    self.write_blank(row, col, None, fmt)

    def row_writer(self, columns):
        """A fast writer of whole rows for the big registers: `columns` are (kind, format) from column A,
        kind "number", "date" (a naive datetime or a date) or "text" (a str; "" is an empty text; made
        safe as `safe_text` does, which changes nothing in a text already made safe). The returned
        function takes (row, values), one value per column; None for a number or a date leaves the
        cell blank, with its format.

        The row's XML is one f-string compiled for these columns (a loop over the cells cost twice as
        much at 100,000 rows × 13 cells), text is checked once per row for anything to escape, and is
        always written with `xml:space="preserve"`."""
        build = _compile_row(columns)

        def write(row: int, values) -> None:
            if row <= self._done or row in self._pending:
                raise RuntimeError(f"row {row} is already written: rows go top to bottom")
            if self._pending or self._height_rows:
                self._out_below(row)
            self._chunks.append(build(row + 1, self._row_attributes(row), values))
            self._done = row
            if len(self._chunks) >= BUFFER_ROWS:
                self._write_chunks()

        return write

    # --- out -----------------------------------------------------------------------------------------

    def _row_attributes(self, row: int) -> str:
        height = self.heights.get(row)
        return f' ht="{_number(height)}" customHeight="1"' if height is not None else ""

    def _out_below(self, row: int) -> None:
        """Every pending row above `row` goes out, in order (with the rows that have only a height)."""
        if not self._pending and not self._height_rows:
            return
        for r in sorted({r for r in self._pending if r < row} | {r for r in self._height_rows if r < row}):
            cells = self._pending.pop(r, {})
            self._height_rows.discard(r)
            body = "".join(cells[c] for c in sorted(cells))
            attributes = self._row_attributes(r)
            self._chunks.append(
                f'<row r="{r + 1}"{attributes}>{body}</row>' if body else f'<row r="{r + 1}"{attributes}/>'
            )
            self._done = r
        if len(self._chunks) >= BUFFER_ROWS:
            self._write_chunks()

    def _write_chunks(self) -> None:
        if self._stream is None:
            self.book._start()
            self._stream = self.book._zip.open(f"xl/worksheets/sheet{self.index + 1}.xml", "w")
            self._stream.write(self._head().encode())
        self._stream.write("".join(self._chunks).encode())
        self._chunks.clear()

    def _head(self) -> str:
        page = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self.fit else ""
        selected = ' tabSelected="1"' if self.index == 0 else ""
        view = f'<sheetViews><sheetView{selected} workbookViewId="0"'
        if self.frozen and any(self.frozen):
            row, col = self.frozen
            top_left = f"{column_letter(col)}{row + 1}"
            if row and col:
                view += (
                    f'><pane xSplit="{col}" ySplit="{row}" topLeftCell="{top_left}" activePane="bottomRight" '
                    f'state="frozen"/><selection pane="topRight" activeCell="{column_letter(col)}1" '
                    f'sqref="{column_letter(col)}1"/><selection pane="bottomLeft" activeCell="A{row + 1}" '
                    f'sqref="A{row + 1}"/><selection pane="bottomRight"/></sheetView>'
                )
            elif row:
                view += (
                    f'><pane ySplit="{row}" topLeftCell="{top_left}" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft"/></sheetView>'
                )
            else:
                view += (
                    f'><pane xSplit="{col}" topLeftCell="{top_left}" activePane="topRight" state="frozen"/>'
                    '<selection pane="topRight"/></sheetView>'
                )
        else:
            view += "/>"
        cols = "".join(
            f'<col min="{c + 1}" max="{c + 1}" width="{_number(_stored_width(w))}" customWidth="1"/>'
            for c, w in sorted(self.widths.items())
        )
        return (
            _DECL + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">{page}{view}</sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )

    def _tail(self) -> str:
        merges = "".join(
            f'<mergeCell ref="{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"/>'
            for r1, c1, r2, c2 in self.merges
        )
        left, right, top, bottom = self.margins
        setup = (f' paperSize="{self.paper}"' if self.paper else "") + (
            (f' fitToWidth="{self.fit[0]}"' if self.fit[0] != 1 else "")
            + (f' fitToHeight="{self.fit[1]}"' if self.fit[1] != 1 else "")
            if self.fit
            else ""
        )
        setup += ' orientation="landscape"' if self.landscape else ""
        return (
            "</sheetData>"
            + (f'<mergeCells count="{len(self.merges)}">{merges}</mergeCells>' if merges else "")
            + f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" header="0.3" '
            'footer="0.3"/>' + (f"<pageSetup{setup}/>" if setup else "") + "</worksheet>"
        )

    def _close(self) -> None:
        self._out_below(1 << 31)
        self._write_chunks()
        self._stream.write(self._tail().encode())
        self._stream.close()


def _stored_width(width: float) -> float:
    """The width Excel stores for a width in characters (Calibri 11: 7 px a digit, 5 px of padding)."""
    if width <= 0:
        return 0
    if width < 1:
        return int((int(width * 12 + 0.5)) / 12 * 256) / 256
    return int((int(width * 7 + 0.5) + 5) / 7 * 256) / 256


class Sheet:
    """A worksheet with the project's formats, landscape A4 fitted to the page width."""

    def __init__(self, workbook: Workbook, name: str):
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
    """(workbook, temporary file): the zip is written into the file; the caller streams it and closes it."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115  (closed by the response)
    return Workbook(handle), handle


def header_block(sheet: Sheet, first_row: int, last_row: int, last_col: int, cells) -> None:
    """A multi-row header of bordered cells: `cells` are (row, col, last_row, last_col, text), a merge
    where the range is more than one cell; every other cell of the block is a bordered blank."""
    text_at = {}
    for r1, c1, r2, c2, text in cells:
        text_at[(r1, c1)] = text
        if (r1, c1) != (r2, c2):
            sheet.ws.merges.append((r1, c1, r2, c2))
    for row in range(first_row, last_row + 1):
        for col in range(0, last_col + 1):
            if (row, col) in text_at:
                sheet.ws.write_string(row, col, text_at[(row, col)], sheet.head)
            else:
                sheet.ws.write_blank(row, col, None, sheet.head)
