"""LibreOffice (headless, as a person's office suite) opens Biểu 01/TCD and shows the totals without
recalculating: the cached values of the formulas are in the CSV it writes. CI installs
`libreoffice-calc-nogui`; this test is not skipped there."""

import csv
import io
import os

import pytest

from addons.tiepdan_case.tests.factories import make_user

from . import xlsx_tools
from .test_statistics_form01 import _sheet, data  # noqa: F401  (the fixture)


def test_libreoffice_reads_the_totals_from_the_workbook(data):  # noqa: F811
    if xlsx_tools.soffice() is None:
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice (soffice) must be installed in CI: apt-get install libreoffice-calc-nogui"
            )
        pytest.skip("soffice is not installed on this machine")
    _values, workbook = _sheet(make_user("ban_tcd"))
    rows = list(csv.reader(io.StringIO(xlsx_tools.to_csv(workbook))))
    total = next(r for r in rows if len(r) > 1 and r[1] == "Tổng cộng")
    as_int = lambda text: int(text.replace(".", "") or 0)  # noqa: E731  (shown as 50.000)
    assert (as_int(total[2]), as_int(total[3]), as_int(total[5])) == (8, 20, 4)
    my_tho = next(r for r in rows if len(r) > 1 and r[1] == "Phường Mỹ Tho")
    assert as_int(my_tho[2]) == 3
    assert rows[1][0].startswith("TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN")
