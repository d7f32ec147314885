"""Re-opening our workbooks with openpyxl (as another program would), and converting with LibreOffice."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def open_values(data: bytes):
    """The first sheet with formulas' cached values (what a reader sees without recalculating)."""
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True).worksheets[0]


def open_formulas(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def row_values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def find_row(sheet, column: int, value) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == value:
            return row
    raise AssertionError(f"no row with {value!r} in column {column}")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_csv(data: bytes) -> str:
    """Convert with LibreOffice headless (no recalculation) and return the CSV text (UTF-8)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "book.xlsx"
        source.write_bytes(data)
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(folder) / "book.csv").read_text(encoding="utf-8")


def libreoffice_copy(data: bytes) -> bytes:
    """The workbook as LibreOffice (headless) reads it, saved again as .xlsx: what it understood of the
    cells, merges, panes and print settings is what it writes back."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "book.xlsx"
        source.write_bytes(data)
        out = Path(folder) / "out"
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (out / "book.xlsx").read_bytes()


def layout(sheet) -> dict:
    """What a reader sees of a sheet besides the cells: merges, panes, print titles and page settings."""
    setup = sheet.page_setup
    return {
        "merges": sorted(str(r) for r in sheet.merged_cells.ranges),
        "freeze_panes": sheet.freeze_panes,
        "print_title_rows": sheet.print_title_rows,
        "orientation": setup.orientation,
        "paper": int(setup.paperSize or 0),
        "fit_to_page": bool(
            sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage
        ),
        "fit_width": int(setup.fitToWidth if setup.fitToWidth is not None else 1),
        "fit_height": int(setup.fitToHeight if setup.fitToHeight is not None else 1),
        "margins": tuple(
            round(getattr(sheet.page_margins, side), 2) for side in ("left", "right", "top", "bottom")
        ),
    }


def cells(sheet) -> list:
    """Every cell's value row by row (an empty text as nothing: LibreOffice keeps no empty text cell),
    without the trailing empty cells of a row."""
    grid = []
    for row in sheet.iter_rows(values_only=True):
        row = [None if v == "" else v for v in row]
        while row and row[-1] is None:
            row.pop()
        grid.append(row)
    while grid and not grid[-1]:
        grid.pop()
    return grid
