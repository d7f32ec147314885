"""One small layout engine for administrative documents in the form of Nghị định 30/2020/NĐ-CP.

Phụ lục I of the decree (legal-research.md §4): A4 portrait; margins top/bottom 20–25 mm, left 30–35 mm,
right 15–20 mm; issuing body top left (parent body upright, issuing body bold, a short rule under it) with
`Số: 05/TB-BTCD` under it; Quốc hiệu (bold 12 pt) and Tiêu ngữ (bold 13 pt, ruled the length of the text)
top right with the italic place and date on the line of the number; document type and subject bold and
centred; body justified with a first-line indent; the signer's block bottom right; `Nơi nhận:` (bold italic
12 pt, the list 11 pt) bottom left; page numbers centred in the top margin from page 2.

A document is data (`OfficialDocument`); `render(document)` turns it into PDF bytes. The output is
deterministic (reportlab's invariant mode): the same data gives the same bytes.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"
FONT_BOLD_ITALIC = "LiberationSerif-BoldItalic"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

BODY_SIZE = 14
HEADER_SIZE = 13
NATIONAL_TITLE_SIZE = 12
MOTTO_SIZE = 13
RECIPIENTS_LABEL_SIZE = 12
RECIPIENTS_SIZE = 11
PAGE_NUMBER_SIZE = 13
FIRST_LINE_INDENT = 10 * mm  # 1 cm


def register_fonts() -> None:
    """Liberation Serif 2.x (SIL OFL, committed in fonts/) stands in for Times New Roman: same metrics,
    every Vietnamese letter. Registered once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in (
        (FONT, "LiberationSerif-Regular.ttf"),
        (FONT_BOLD, "LiberationSerif-Bold.ttf"),
        (FONT_ITALIC, "LiberationSerif-Italic.ttf"),
        (FONT_BOLD_ITALIC, "LiberationSerif-BoldItalic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


def _style(name, size, font=FONT, align=TA_JUSTIFY, indent=0.0, before=0.0, after=0.0, leading=None):
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading or round(size * 1.2, 1),
        alignment=align,
        firstLineIndent=indent,
        spaceBefore=before,
        spaceAfter=after,
    )


STYLES = {
    "body": _style("body", BODY_SIZE, indent=FIRST_LINE_INDENT, after=6),
    "body_plain": _style("body_plain", BODY_SIZE, after=6),
    "basis": _style("basis", BODY_SIZE, font=FONT_ITALIC, indent=FIRST_LINE_INDENT, after=3),
    "heading": _style("heading", BODY_SIZE, font=FONT_BOLD, align=TA_CENTER, before=6, after=6),
    "header_upright": _style("header_upright", HEADER_SIZE, align=TA_CENTER),
    "header_bold": _style("header_bold", HEADER_SIZE, font=FONT_BOLD, align=TA_CENTER),
    "number": _style("number", HEADER_SIZE, align=TA_CENTER),
    "national": _style("national", NATIONAL_TITLE_SIZE, font=FONT_BOLD, align=TA_CENTER),
    "place_date": _style("place_date", HEADER_SIZE, font=FONT_ITALIC, align=TA_CENTER),
    "doc_type": _style("doc_type", BODY_SIZE, font=FONT_BOLD, align=TA_CENTER, before=18),
    "subject": _style("subject", BODY_SIZE, font=FONT_BOLD, align=TA_CENTER),
    "addressee": _style("addressee", BODY_SIZE, align=TA_LEFT, before=6, after=6),
    "signer_position": _style("signer_position", HEADER_SIZE, font=FONT_BOLD, align=TA_CENTER),
    "signer_note": _style("signer_note", HEADER_SIZE, font=FONT_ITALIC, align=TA_CENTER),
    "signer_name": _style("signer_name", BODY_SIZE, font=FONT_BOLD, align=TA_CENTER),
    "recipients_label": _style(
        "recipients_label", RECIPIENTS_LABEL_SIZE, font=FONT_BOLD_ITALIC, align=TA_LEFT
    ),
    "recipients": _style("recipients", RECIPIENTS_SIZE, align=TA_LEFT, leading=13),
    "cell": _style("cell", 12, align=TA_LEFT, leading=14),
    "cell_center": _style("cell_center", 12, align=TA_CENTER, leading=14),
    "cell_head": _style("cell_head", 12, font=FONT_BOLD, align=TA_CENTER, leading=14),
}


def vn_date_line(place: str, date: dt.date) -> str:
    """`Đồng Tháp, ngày 05 tháng 01 năm 2026`: a leading zero for days below 10 and for months 1 and 2
    (NĐ 30, Phụ lục I, Mục IV), not for months 3 to 9."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def number_line(number: int | None, code: str) -> str:
    """`Số: 05/TB-BTCD` (numbers below 10 with a leading zero); a draft leaves the number blank."""
    shown = f"{number:02d}" if number else "\u00a0" * 6
    return f"Số: {shown}/{code}"


# ------------------------------------------------------------------------------------------------
# Content blocks a document body is made of


@dataclass
class Para:
    """A body paragraph: justified, first-line indent. `text` is plain text (escaped here) unless
    `markup` is true (reportlab mini-HTML: <b>, <i>)."""

    text: str
    style: str = "body"
    markup: bool = False


@dataclass
class Heading:
    text: str


@dataclass
class Grid:
    """A table that splits across pages and repeats its header row. Widths are fractions of the text width."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    centre_columns: tuple[int, ...] = ()


@dataclass
class Signature:
    """`TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH` (authority lines, bold), room to sign, the name (bold)."""

    lines: list[str]
    name: str
    note: str = ""  # e.g. "(Ký, ghi rõ họ tên)"


@dataclass
class OfficialDocument:
    parent_body: str  # "UBND TỈNH ĐỒNG THÁP" (upright); may be empty
    issuing_body: str  # "BAN TIẾP CÔNG DÂN TỈNH" (bold)
    code: str  # "TB-BTCD": the part after the number
    number: int | None  # None: a draft, number left blank
    place: str
    date: dt.date
    doc_type: str  # "THÔNG BÁO"
    subject: str = ""  # "Về việc từ chối tiếp công dân"
    addressees: list[str] = field(default_factory=list)  # Kính gửi
    body: list = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # Nơi nhận: "- Như trên;" ...
    title: str = ""  # PDF metadata
    show_number: bool = True  # some forms (Mẫu 02/TCD) carry no number


class CentredRule(Flowable):
    """A solid line centred in the available width: under the issuing body (a third of its text), the
    Tiêu ngữ (exactly its length) and the subject line."""

    def __init__(self, length: float, gap: float = 3.5, thickness: float = 0.6):
        super().__init__()
        self.length = length
        self.gap = gap
        self.thickness = thickness

    def wrap(self, avail_width, avail_height):
        self._avail = avail_width
        self.length = min(self.length, avail_width)
        return avail_width, self.gap + self.thickness

    def draw(self):
        x0 = (self._avail - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, self.thickness / 2, x0 + self.length, self.thickness / 2)


def _text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _p(text: str, style: str, markup: bool = False) -> Paragraph:
    return Paragraph(text if markup else escape(text), STYLES[style])


LEFT_COLUMN = 72 * mm
RIGHT_COLUMN = TEXT_WIDTH - LEFT_COLUMN


def _header(doc: OfficialDocument) -> list:
    left = []
    if doc.parent_body:
        left.append(_p(doc.parent_body.upper(), "header_upright"))
    body_lines = doc.issuing_body.upper().splitlines()
    left.append(_p("<br/>".join(escape(line) for line in body_lines), "header_bold", markup=True))
    widest = max(_text_width(line, FONT_BOLD, HEADER_SIZE) for line in body_lines or [""])
    left.append(CentredRule(min(widest, LEFT_COLUMN) / 3))
    right = [
        _p(NATIONAL_TITLE, "national"),
        _p(MOTTO, "header_bold"),
        CentredRule(_text_width(MOTTO, FONT_BOLD, MOTTO_SIZE)),
    ]
    number = _p(number_line(doc.number, doc.code), "number") if doc.show_number else ""
    rows = [[left, right], [number, _p(vn_date_line(doc.place, doc.date), "place_date")]]
    table = Table(rows, colWidths=[LEFT_COLUMN, RIGHT_COLUMN])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 8),
            ]
        )
    )
    return [table]


def _title(doc: OfficialDocument) -> list:
    parts = [_p(doc.doc_type.upper(), "doc_type")]
    if doc.subject:
        parts.append(_p(doc.subject, "subject"))
        parts.append(CentredRule(_text_width(doc.subject, FONT_BOLD, BODY_SIZE) / 3))
    parts.append(Spacer(1, 8))
    if len(doc.addressees) == 1:
        parts.append(_p(f"Kính gửi: {doc.addressees[0]}.", "addressee"))
    elif doc.addressees:
        lines = ["Kính gửi:"] + [
            f"- {a}{'.' if i == len(doc.addressees) - 1 else ';'}" for i, a in enumerate(doc.addressees)
        ]
        parts.append(_p("<br/>".join(escape(line) for line in lines), "addressee", markup=True))
    return parts


def _grid(block: Grid) -> Table:
    head = [_p(h, "cell_head") for h in block.header]
    rows = [
        [_p(str(v), "cell_center" if i in block.centre_columns else "cell") for i, v in enumerate(row)]
        for row in block.rows
    ]
    table = Table(
        [head, *rows],
        colWidths=[w * TEXT_WIDTH for w in block.widths],
        repeatRows=1,
        splitByRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    table.spaceBefore = 4
    table.spaceAfter = 8
    return table


def _body(doc: OfficialDocument) -> list:
    out = []
    for block in doc.body:
        if isinstance(block, Para):
            out.append(_p(block.text, block.style, block.markup))
        elif isinstance(block, Heading):
            out.append(_p(block.text, "heading"))
        elif isinstance(block, Grid):
            out.append(_grid(block))
        else:
            out.append(block)  # a reportlab flowable (Spacer, ...)
    return out


def _signature_cell(sig: Signature, header_lines: int = 0) -> list:
    cell = [_p(line.upper(), "signer_position") for line in sig.lines]
    if sig.note:
        cell.append(_p(sig.note, "signer_note"))
    missing = header_lines - len(sig.lines) - (1 if sig.note else 0)
    if missing > 0:  # side-by-side signers: the names line up
        cell.append(Spacer(1, missing * STYLES["signer_position"].leading))
    cell.append(Spacer(1, 24 * mm))  # the signature, and the seal overlapping its left third
    cell.append(_p(sig.name, "signer_name"))
    return cell


def _closing(doc: OfficialDocument) -> list:
    if not doc.signatures and not doc.recipients:
        return []
    recipients = []
    if doc.recipients:
        recipients = [_p("Nơi nhận:", "recipients_label")] + [_p(r, "recipients") for r in doc.recipients]
    if len(doc.signatures) <= 1:
        cells = [[recipients, _signature_cell(doc.signatures[0]) if doc.signatures else ""]]
        widths = [TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55]
    else:  # two parties sign side by side (Mẫu 02/TCD: the giver and the receiving officer)
        tallest = max(len(s.lines) + (1 if s.note else 0) for s in doc.signatures)
        cells = [[_signature_cell(s, tallest) for s in doc.signatures]]
        widths = [TEXT_WIDTH / len(doc.signatures)] * len(doc.signatures)
        if recipients:
            cells.append([recipients] + [""] * (len(doc.signatures) - 1))
    table = Table(cells, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (0, 0), 4),
            ]
        )
    )
    return [Spacer(1, 6), CondPageBreak(60 * mm), KeepTogether([table])]


def _page_number(canvas, doc_template):
    """Arabic page numbers centred in the top margin, not on page 1 (NĐ 30, Phụ lục I, Mục I.5)."""
    canvas.saveState()
    canvas.setFont(FONT, PAGE_NUMBER_SIZE)
    canvas.drawCentredString(
        MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - MARGIN_TOP / 2 - 4, str(doc_template.page)
    )
    canvas.restoreState()


def _template(buffer, doc: OfficialDocument) -> BaseDocTemplate:
    return BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=doc.title or doc.doc_type,
        author=doc.issuing_body,
        subject=doc.subject,
        creator="Tiếp công dân trực tuyến",
        invariant=1,
        initialFontName=FONT,
        initialFontSize=BODY_SIZE,
    )


def _frame() -> Frame:
    return Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, 0, 0, 0, 0)


def _flowables(doc: OfficialDocument) -> list:
    return _header(doc) + _title(doc) + _body(doc) + _closing(doc)


def render(doc: OfficialDocument) -> bytes:
    """The PDF of `doc` as bytes (deterministic)."""
    register_fonts()
    buffer = io.BytesIO()
    template = _template(buffer, doc)
    frame = _frame()
    template.addPageTemplates(
        [
            PageTemplate(id="first", frames=[frame], autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[frame], onPage=_page_number),
        ]
    )
    template.build(_flowables(doc))
    return buffer.getvalue()


class _DocumentStart(Flowable):
    """Marks the page where one document of a bundle starts, for its own page numbers."""

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv._document_start = self.canv.getPageNumber()


def _bundle_page_number(canvas, doc_template):
    """Each document of a bundle numbers its own pages, from its page 2 (drawn at the page's end, once
    the marker of a document starting on this page has been drawn)."""
    page = canvas.getPageNumber() - getattr(canvas, "_document_start", 1) + 1
    if page >= 2:
        canvas.saveState()
        canvas.setFont(FONT, PAGE_NUMBER_SIZE)
        canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - MARGIN_TOP / 2 - 4, str(page))
        canvas.restoreState()


def render_bundle(docs: list[OfficialDocument], *, title: str) -> bytes:
    """Several documents in one file (a commune's invitations to hand out), each starting on a new page
    with its own header and its own page numbers (deterministic)."""
    register_fonts()
    buffer = io.BytesIO()
    template = _template(buffer, OfficialDocument("", docs[0].issuing_body, "", None, "", dt.date.min, title))
    template.title = title
    template.addPageTemplates([PageTemplate(id="bundle", frames=[_frame()], onPageEnd=_bundle_page_number)])
    flowables = []
    for i, doc in enumerate(docs):
        if i:
            flowables.append(PageBreak())
        flowables += [_DocumentStart(), *_flowables(doc)]
    template.build(flowables)
    return buffer.getvalue()
