"""Issued documents are kept: a re-print is byte-identical; a corrected issue gets a new number that names
the one it replaces; every issue leaves a history row."""

import hashlib

from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report.models import IssuedDocument

from . import pdf_tools
from .common import download_url, issue_url, refused_case, reissue_url


def test_a_reprint_serves_the_stored_bytes_again_byte_for_byte(client, db):
    board = staff_user("ban_tcd")
    client.force_login(board)
    case = refused_case()
    client.post(issue_url("tu_choi", case))
    document = IssuedDocument.objects.get(case=case)
    first, second = client.get(download_url(document)), client.get(download_url(document))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == document.sha256
    assert "Th%C3%B4ng%20b%C3%A1o%20t%E1%BB%AB%20ch%E1%BB%91i" in first["Content-Disposition"]


def test_an_altered_stored_file_is_refused_rather_than_served(client, db):
    board = staff_user("ban_tcd")
    client.force_login(board)
    case = refused_case()
    client.post(issue_url("tu_choi", case))
    document = IssuedDocument.objects.get(case=case)
    with open(document.file.path, "ab") as handle:
        handle.write(b"%tampered")
    assert client.get(download_url(document)).status_code == 409


def test_a_corrected_issue_gets_a_new_number_and_names_the_one_it_replaces(client, db):
    board = staff_user("ban_tcd")
    client.force_login(board)
    case = refused_case()
    client.post(issue_url("tu_choi", case))
    old = IssuedDocument.objects.get(case=case)
    response = client.post(reissue_url(old))
    assert response.status_code == 302
    new = IssuedDocument.objects.exclude(pk=old.pk).get(case=case)
    assert (old.reference, new.reference) == ("01/TB-BTCD", "02/TB-BTCD")
    assert new.replaces == old
    text = pdf_tools.text(new.file.open("rb").read())
    assert f"Thông báo này thay thế Thông báo số 01/TB-BTCD ngày {old.issued_on:%d/%m/%Y}" in text
    old.refresh_from_db()
    assert not old.is_current and old.file.open("rb").read()  # the old one is kept
    page = client.get(f"/tiepdan_report/issueddocument/{old.pk}/change/")
    assert "Được thay thế bởi 02/TB-BTCD" in page.content.decode()


def test_a_replaced_document_cannot_be_replaced_a_second_time(client, db):
    board = staff_user("ban_tcd")
    client.force_login(board)
    case = refused_case()
    client.post(issue_url("tu_choi", case))
    old = IssuedDocument.objects.get(case=case)
    client.post(reissue_url(old))
    response = client.post(reissue_url(old), follow=True)
    assert "đã được thay thế" in response.content.decode()
    assert IssuedDocument.objects.filter(case=case).count() == 2


def test_each_issue_writes_history_rows_on_the_document_and_the_case(client, db):
    board = staff_user("ban_tcd")
    client.force_login(board)
    case = refused_case()
    client.post(issue_url("tu_choi", case))
    document = IssuedDocument.objects.get(case=case)
    event = history_of(document).get()
    assert event.actor == board and event.action == "issue" and event.changes["number"] == "01/TB-BTCD"
    assert history_of(case).filter(action="document_issued").exists()


def test_an_unsigned_document_says_so_on_screen(client, db):
    board = staff_user("ban_tcd")
    client.force_login(board)
    case = refused_case()
    client.post(issue_url("tu_choi", case))
    document = IssuedDocument.objects.get(case=case)
    assert not document.signed
    page = client.get(f"/tiepdan_report/issueddocument/{document.pk}/change/").content.decode()
    assert 'id="unsigned-mark"' in page and "Chưa ký số" in page
