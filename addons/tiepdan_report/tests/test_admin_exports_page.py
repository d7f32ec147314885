"""The back-office page that downloads the register and the statistics, in the sidebar for who may."""

from addons.tiepdan_case.tests.admin_helpers import staff_user

URL = "/tiepdan_report/issueddocument/exports/"


def test_the_board_gets_the_register_and_both_statistics_forms(client, db):
    client.force_login(staff_user("ban_tcd"))
    page = client.get(URL).content.decode()
    for form_id in ('id="export-register"', 'id="export-bieu-01"', 'id="export-bieu-02"'):
        assert form_id in page
    assert "Sổ tiếp công dân (Mẫu 03/TCD)" in page and "Quý I" in page
    assert "Sổ và biểu thống kê" in client.get("/").content.decode()


def test_a_role_with_neither_gets_404_and_no_sidebar_link(client, db):
    client.force_login(staff_user("cong_an"))
    assert client.get(URL).status_code == 404
    assert "Sổ và biểu thống kê" not in client.get("/").content.decode()
