"""Each document type has its own yearly series per issuing body (NĐ 30 art. 15: `Số: 05/TB-BTCD`),
generated from the data in one click."""

import datetime as dt

from django.utils import timezone

from addons.tiepdan_case.models import YearSequence
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report.models import IssuedDocument

from . import pdf_tools
from .common import issue_url, refused_case


def _issue(client, user, case):
    client.force_login(user)
    response = client.post(issue_url("tu_choi", case))
    assert response.status_code == 302, response.content[:500]
    return IssuedDocument.objects.filter(case=case).latest("id")


def test_one_click_issues_the_refusal_notice_with_the_next_number_of_the_boards_series(client, db):
    board = staff_user("ban_tcd")
    first = _issue(client, board, refused_case())
    second = _issue(client, board, refused_case(ground="nd154_4_1h"))
    year = timezone.localdate().year
    assert (first.reference, second.reference) == ("01/TB-BTCD", "02/TB-BTCD")
    assert (first.year, second.year) == (year, year)
    text = pdf_tools.text(second.file.open("rb").read())
    assert "Số: 02/TB-BTCD" in text


def test_a_commune_numbers_its_notices_in_its_own_series(client, db):
    board, commune = staff_user("ban_tcd"), staff_user("ubnd_xa", commune="28261")
    _issue(client, board, refused_case())
    own = _issue(client, commune, refused_case())
    assert own.reference == "01/TB-UBND"
    assert own.issuer.code == "ubnd-28261"
    text = pdf_tools.text(own.file.open("rb").read())
    assert "ỦY BAN NHÂN DÂN" in text and "PHƯỜNG MỸ THO" in text and "Số: 01/TB-UBND" in text
    assert f"Mỹ Tho, ngày {timezone.localdate():%d}" in text


def test_the_series_starts_again_at_01_each_year(client, db):
    last_year = timezone.localdate().year - 1
    YearSequence.objects.create(series="doc:ban-tcd-nc:TB-BTCD", year=last_year, last_value=41)
    document = _issue(client, staff_user("ban_tcd"), refused_case())
    assert document.reference == "01/TB-BTCD"
    assert YearSequence.objects.get(series="doc:ban-tcd-nc:TB-BTCD", year=last_year).last_value == 41


def test_the_document_carries_todays_date_in_the_decree_form(client, db):
    document = _issue(client, staff_user("ban_tcd"), refused_case())
    today = timezone.localdate()
    assert document.issued_on == today
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    assert f"Đồng Tháp, ngày {today:%d} tháng {month} năm {today.year}" in pdf_tools.text(
        document.file.open("rb").read()
    )
    assert isinstance(document.issued_on, dt.date)
