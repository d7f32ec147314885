"""The NĐ 30/2020 layout engine: page, margins, fonts, the header blocks, sizes and styles, page numbers,
tables that split with their header repeated, long lines wrapped, every Vietnamese letter."""

import datetime as dt

import pytest

from addons.tiepdan_report.pdf.layout import (
    Grid,
    Heading,
    OfficialDocument,
    Para,
    Signature,
    number_line,
    render,
    vn_date_line,
)

from . import pdf_tools

VIETNAMESE = (
    "aàảãáạăằẳẵắặâầẩẫấậ eèẻẽéẹêềểễếệ iìỉĩíị oòỏõóọôồổỗốộơờởỡớợ uùủũúụưừửữứự yỳỷỹýỵ đ "
    "AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬ EÈẺẼÉẸÊỀỂỄẾỆ IÌỈĨÍỊ OÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢ UÙỦŨÚỤƯỪỬỮỨỰ YỲỶỸÝỴ Đ ₫"
)
LONG_TOKEN = "https://tiepcongdan.dongthap.gov.vn/ho-so/" + "vu-viec-khieu-nai-dat-dai-" * 6


def _sample(rows=45) -> OfficialDocument:
    body = [
        Para("Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;", style="basis"),
        Heading("I. NỘI DUNG"),
        Para(VIETNAMESE),
        Para("Lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân tỉnh. " * 8),
        Para(f"Tra cứu tại {LONG_TOKEN}"),
        Grid(
            ["STT", "Họ và tên", "Nội dung vụ việc"],
            [
                [
                    str(i),
                    f"Nguyễn Thị Ánh {i}",
                    "Khiếu nại quyết định bồi thường khi thu hồi đất. " * (1 + i % 3),
                ]
                for i in range(1, rows + 1)
            ],
            [0.1, 0.3, 0.6],
            centre_columns=(0,),
        ),
    ]
    return OfficialDocument(
        parent_body="UBND TỈNH ĐỒNG THÁP",
        issuing_body="BAN TIẾP CÔNG DÂN TỈNH",
        code="TB-BTCD",
        number=5,
        place="Đồng Tháp",
        date=dt.date(2026, 1, 5),
        doc_type="Thông báo",
        subject="Lịch tiếp công dân định kỳ tháng 01 năm 2026",
        body=body,
        signatures=[Signature(["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Trần Văn Bình")],
        recipients=["- Như trên;", "- Chủ tịch UBND tỉnh (b/c);", "- Lưu: VT, BTCD."],
    )


@pytest.fixture(scope="module")
def pdf():
    return render(_sample())


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "Đồng Tháp, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 9), "Đồng Tháp, ngày 09 tháng 02 năm 2026"),
        (dt.date(2026, 3, 15), "Đồng Tháp, ngày 15 tháng 3 năm 2026"),
        (dt.date(2026, 12, 1), "Đồng Tháp, ngày 01 tháng 12 năm 2026"),
    ],
)
def test_the_date_line_has_leading_zeros_for_days_below_ten_and_months_one_and_two(day, expected):
    assert vn_date_line("Đồng Tháp", day) == expected


def test_numbers_below_ten_get_a_leading_zero_and_the_code_follows_a_slash():
    assert number_line(5, "TB-BTCD") == "Số: 05/TB-BTCD"
    assert number_line(123, "GM-UBND") == "Số: 123/GM-UBND"


def test_every_page_is_a4_in_the_margins_with_liberation_serif_embedded_and_numbers_from_page_two(pdf):
    pdf_tools.assert_official_layout(pdf)
    assert len(pdf_tools.page_sizes(pdf)) >= 3


def test_every_vietnamese_letter_and_the_dong_sign_come_back_from_the_text(pdf):
    text = pdf_tools.text(pdf)
    for word in VIETNAMESE.split():
        assert word in text, word


def test_the_header_blocks_have_the_sizes_and_styles_of_the_decree(pdf):
    lines = pdf_tools.lines(pdf)
    find = lambda fragment: pdf_tools.line_with(lines, fragment)  # noqa: E731
    parent, body, number = find("UBND TỈNH ĐỒNG THÁP"), find("BAN TIẾP CÔNG DÂN TỈNH"), find("Số: 05/TB-BTCD")
    national, motto = find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), find("Độc lập - Tự do - Hạnh phúc")
    date = find("Đồng Tháp, ngày 05 tháng 01 năm 2026")
    assert (parent.size, parent.bold) == (13, False)
    assert (body.size, body.bold) == (13, True)
    assert (number.size, number.bold, number.italic) == (13, False, False)
    assert (national.size, national.bold) == (12, True)
    assert (motto.size, motto.bold) == (13, True)
    assert (date.size, date.italic) == (13, True)
    # issuing body on the left, national title on the right; number and date on one line
    assert body.right < national.left
    assert abs(number.top - date.top) < 2
    assert number.top > body.top and date.top > motto.top
    title, subject = find("THÔNG BÁO"), find("Lịch tiếp công dân định kỳ tháng 01 năm 2026")
    assert title.bold and subject.bold and title.size == 14
    centre = 30 * pdf_tools.MM + (595.28 - 45 * pdf_tools.MM) / 2
    assert abs(title.left + title.width / 2 - centre) < 3
    assert abs(subject.left + subject.width / 2 - centre) < 3


def test_the_body_is_justified_with_a_first_line_indent_and_long_lines_wrap(pdf):
    lines = [
        ln for ln in pdf_tools.lines(pdf) if ln.page == 1 and "Lịch tiếp công dân định kỳ của" in ln.text
    ]
    paragraph = [ln for ln in pdf_tools.lines(pdf) if ln.page == 1 and ln.size == 14 and not ln.bold]
    margin = 30 * pdf_tools.MM
    first = pdf_tools.line_with(paragraph, "Lịch tiếp công dân định kỳ của Chủ tịch")
    assert first.left - margin == pytest.approx(10 * pdf_tools.MM, abs=2)  # 1 cm indent
    following = [ln for ln in paragraph if ln.top > first.top and abs(ln.left - margin) < 2]
    assert following, "the paragraph wraps onto lines that start at the margin"
    full_width = 595.28 - 45 * pdf_tools.MM
    assert abs(following[0].width - full_width) < 3, "justified lines fill the width"
    assert lines
    text = pdf_tools.text(pdf).replace("\n", "")
    assert "vu-viec-khieu-nai-dat-dai-vu-viec" in text  # the long token is kept, broken at the margin


def test_the_signature_block_and_recipients_have_their_styles(pdf):
    lines = pdf_tools.lines(pdf)
    label = pdf_tools.line_with(lines, "Nơi nhận:")
    assert (label.size, label.bold, label.italic) == (12, True, True)
    item = pdf_tools.line_with(lines, "- Lưu: VT, BTCD.")
    assert item.size == 11 and not item.bold
    authority, position = (
        pdf_tools.line_with(lines, "KT. TRƯỞNG BAN"),
        pdf_tools.line_with(lines, "PHÓ TRƯỞNG BAN"),
    )
    name = pdf_tools.line_with(lines, "Trần Văn Bình")
    assert authority.bold and position.bold and name.bold
    assert label.right < authority.left, "recipients on the left, the signer on the right"
    assert name.top - position.top > 15 * pdf_tools.MM, "room to sign and seal"


def test_a_long_table_splits_across_pages_and_repeats_its_header(pdf):
    lines = pdf_tools.lines(pdf)
    pages_with_rows = {ln.page for ln in lines if ln.text.startswith("Nguyễn Thị Ánh")}
    assert len(pages_with_rows) >= 2
    for page in pages_with_rows:
        heads = [ln for ln in lines if ln.page == page and ln.text == "Họ và tên"]
        assert heads and heads[0].bold, f"page {page} repeats the header row"
    for i in (1, 45):
        assert f"Nguyễn Thị Ánh {i}" in pdf_tools.text(pdf)


def test_the_same_document_renders_to_the_same_bytes():
    assert render(_sample(rows=5)) == render(_sample(rows=5))


def test_a_png_of_the_sample_is_written_for_a_person_to_look_at(pdf):
    pngs = pdf_tools.save_png(pdf, "layout-sample")
    assert pngs and all(p.stat().st_size > 10_000 for p in pngs)
