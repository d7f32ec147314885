"""Documents follow the case's scope (visible_to), and a document naming a denouncer (every `to_cao`,
protected or not) opens only for that case's handlers: attacked as each non-handler role."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report.models import IssuedDocument

from .common import download_url, issue_url, refused_case

LIST = "/tiepdan_report/issueddocument/"


def _issued(client, case):
    board = staff_user("ban_tcd")
    client.force_login(board)
    assert client.post(issue_url("tu_choi", case)).status_code == 302
    client.logout()
    return IssuedDocument.objects.get(case=case)


@pytest.mark.parametrize("role", ["thanh_tra", "lanh_dao", "vp_ubnd", "so_nganh", "so_tu_phap"])
def test_a_non_handler_never_opens_a_document_naming_a_denouncer(client, db, role):
    document = _issued(client, refused_case(case_type="to_cao"))
    client.force_login(staff_user(role))
    assert client.get(download_url(document)).status_code in (403, 404)
    listing = client.get(LIST)
    body = listing.content.decode()
    assert "Lê Thị Hồng Nhung" not in body and document.case.code not in body


def test_a_non_handler_cannot_issue_a_document_naming_a_denouncer(client, db):
    case = refused_case(case_type="to_cao")
    client.force_login(staff_user("vp_ubnd"))  # reads every case, but handles none
    response = client.post(issue_url("tu_choi", case), follow=True)
    assert "Chỉ người xử lý vụ tố cáo" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_the_handlers_open_the_denunciations_notice(client, db):
    document = _issued(client, refused_case(case_type="to_cao"))
    for user in (staff_user("ban_tcd"), staff_user("ubnd_xa", commune="28261")):
        client.force_login(user)
        assert client.get(download_url(document)).status_code == 200


def test_a_complaints_notice_follows_the_case_scope(client, db):
    document = _issued(client, refused_case())
    client.force_login(staff_user("thanh_tra"))
    assert client.get(download_url(document)).status_code == 200
    for outsider in (staff_user("ubnd_xa", commune="28249"), staff_user("cong_an"), staff_user("bao_ptth")):
        client.force_login(outsider)
        assert client.get(download_url(document)).status_code == 404 or not outsider.has_perm(
            "tiepdan_report.view_issueddocument"
        )
        assert IssuedDocument.objects.visible_to(outsider).count() == 0


def test_another_communes_user_cannot_issue_for_a_case_it_does_not_see(client, db):
    case = refused_case()
    client.force_login(staff_user("ubnd_xa", commune="28249"))
    assert client.post(issue_url("tu_choi", case)).status_code == 404
