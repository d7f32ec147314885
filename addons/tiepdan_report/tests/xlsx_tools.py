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
