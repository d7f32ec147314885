"""The case page shows the latest lines of the case's history and links to the rest (issue 13: a case with
years of history drew every line on every visit); the history page has every line, newest first, a
hundred a page, redacted as on the case page."""

import pytest

from addons.tiepdan_case.admin.case import HISTORY_ON_CASE_PAGE, HISTORY_PAGE
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.tests.admin_helpers import change, staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, CaseFactory

pytestmark = pytest.mark.django_db


def _notes(case, count):
    for n in range(count):
        record_event(case, None, "note", note=f"Ghi chú số {n:03d}.")


def test_a_short_history_is_shown_whole_on_the_case_page_without_a_link(client):
    case = CaseFactory()
    _notes(case, 3)
    client.force_login(staff_user("ban_tcd"))
    html = client.get(change("case", case.pk)).content.decode()
    assert all(f"Ghi chú số {n:03d}." in html for n in range(3))
    assert 'id="case-history-all"' not in html


def test_a_long_history_shows_the_latest_lines_and_links_to_the_whole_history(client):
    case = CaseFactory()
    _notes(case, HISTORY_ON_CASE_PAGE + 5)
    client.force_login(staff_user("ban_tcd"))
    html = client.get(change("case", case.pk)).content.decode()
    latest = range(5, HISTORY_ON_CASE_PAGE + 5)
    assert all(f"Ghi chú số {n:03d}." in html for n in latest)
    assert not any(f"Ghi chú số {n:03d}." in html for n in range(5))
    history_url = change("case", case.pk).replace("/change/", "/history/")
    assert f'id="case-history-all" href="{history_url}"' in html
    assert f"Đang hiện {HISTORY_ON_CASE_PAGE} dòng mới nhất: xem toàn bộ lịch sử" in html
    whole = client.get(history_url).content.decode()
    assert all(f"Ghi chú số {n:03d}." in whole for n in range(HISTORY_ON_CASE_PAGE + 5))


def test_the_whole_history_is_paged_newest_first(client):
    case = CaseFactory()
    _notes(case, HISTORY_PAGE + 2)
    client.force_login(staff_user("ban_tcd"))
    url = change("case", case.pk).replace("/change/", "/history/")
    first = client.get(url).content.decode()
    assert f"Ghi chú số {HISTORY_PAGE + 1:03d}." in first and "Ghi chú số 000." not in first
    assert "Trang 1 / 2" in first and 'href="?p=2"' in first
    second = client.get(url, {"p": 2}).content.decode()
    assert "Ghi chú số 000." in second and "Ghi chú số 001." in second
    assert f"Ghi chú số {HISTORY_PAGE + 1:03d}." not in second


def test_the_history_page_of_a_case_out_of_scope_is_not_found(client):
    case = CaseFactory()  # in Mỹ Tho
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    assert client.get(change("case", case.pk).replace("/change/", "/history/")).status_code == 404
