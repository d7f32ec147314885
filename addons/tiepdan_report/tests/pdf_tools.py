"""Reading our PDFs back the way a person's tools would: poppler's pdftotext, pdffonts, pdfinfo,
pdftohtml (position, size, bold, italic of each line) and pdftoppm (a PNG in test-results/ to look at)."""

import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MM = 72 / 25.4
OUTPUT_DIR = Path(settings.BASE_DIR) / "test-results" / "documents"


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run([*args, file.name, "-"], check=True, capture_output=True, text=True).stdout


def text(pdf: bytes) -> str:
    """The text as pdftotext reads it, each run of spaces folded to one (the layout decides the gaps)."""
    raw = _run(["pdftotext", "-enc", "UTF-8"], pdf)
    return re.sub(r"[ \t\u00a0]+", " ", raw)


def fonts(pdf: bytes) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = subprocess.run(["pdffonts", file.name], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: read the yes/no columns from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "999", file.name], check=True, capture_output=True, text=True
        ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]


@dataclass
class Line:
    page: int
    top: float  # points from the top of the page
    left: float
    width: float
    height: float
    size: int
    bold: bool
    italic: bool
    text: str

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def lines(pdf: bytes) -> list[Line]:
    """Every text line with its box in points, font size and style (pdftohtml -xml at zoom 1)."""
    xml = _run(["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", "-q"], pdf)
    root = ET.fromstring(xml.encode())
    out = []
    sizes = {f.get("id"): int(f.get("size")) for f in root.iter("fontspec")}  # declared once per document
    for page in root.iter("page"):
        for node in page.iter("text"):
            content = "".join(node.itertext())
            if not content.strip():
                continue
            out.append(
                Line(
                    page=int(page.get("number")),
                    top=float(node.get("top")),
                    left=float(node.get("left")),
                    width=float(node.get("width")),
                    height=float(node.get("height")),
                    size=sizes[node.get("font")],
                    bold=node.find(".//b") is not None,
                    italic=node.find(".//i") is not None,
                    text=content.strip(),
                )
            )
    return out


def line_with(pdf_lines: list[Line], fragment: str) -> Line:
    found = [line for line in pdf_lines if fragment in line.text]
    assert found, f"no line contains {fragment!r}"
    return found[0]


def save_png(pdf: bytes, name: str, first_page_only: bool = False) -> list[Path]:
    """Render the pages to test-results/documents/<name>-N.png for a person to look at."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    pdf_path = OUTPUT_DIR / f"{name}.pdf"
    pdf_path.write_bytes(pdf)
    args = ["pdftoppm", "-png", "-r", "80"]
    if first_page_only:
        args += ["-f", "1", "-l", "1"]
    subprocess.run([*args, str(pdf_path), str(OUTPUT_DIR / name)], check=True)
    return sorted(OUTPUT_DIR.glob(f"{name}-*.png"))


def assert_official_layout(pdf: bytes) -> list[Line]:
    """What every document of ours must satisfy: A4 pages, Liberation Serif embedded (no other font, no
    substitution), every line inside the NĐ 30 margins; page numbers only from page 2, in the top margin."""
    sizes = page_sizes(pdf)
    assert sizes and all(abs(w - 595.28) < 0.5 and abs(h - 841.89) < 0.5 for w, h in sizes), sizes
    found = fonts(pdf)
    assert found, "no font in the PDF"
    for font in found:
        assert font["name"].split("+")[-1].startswith("LiberationSerif"), font
        assert font["emb"] == "yes", font
    pdf_lines = lines(pdf)
    width, height = sizes[0]
    for line in pdf_lines:
        assert line.left >= 30 * MM - 1 and line.right <= width - 15 * MM + 1, line
        assert line.bottom <= height - 20 * MM + 1, line
        in_top_margin = line.top < 20 * MM - 1
        if in_top_margin:  # only the page number lives there, and never on page 1
            assert line.page > 1 and line.text == str(line.page), line
    for page in range(2, len(sizes) + 1):
        numbers = [ln for ln in pdf_lines if ln.page == page and ln.top < 20 * MM]
        assert len(numbers) == 1, f"page {page} has no number in the top margin"
        centre = numbers[0].left + numbers[0].width / 2
        assert abs(centre - (30 * MM + (width - 45 * MM) / 2)) < 3, numbers[0]
    return pdf_lines
