"""Biên bản of a session, rendered from the session module's `minutes_for` (interface 2): the chair, the
note-taker, the sites with the officials and the citizens present, each item with the presentation, the
conclusion, the outcome and the confirmations; numbered BB; the kept minutes name the denouncer, so a
session with a denunciation keeps them for the handlers of it."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_session.tests.common import session_url

from . import pdf_tools
from .common import download_url, issue_url
from .concluded import CONCLUSION, run_session
from .sessions import APPLICANT, DENOUNCER

pytestmark = pytest.mark.django_db


def test_the_minutes_read_as_the_console_captured_them(client):
    _p, session = run_session()
    client.force_login(staff_user("ban_tcd"))
    assert issue_url("bien_ban", session) in client.get(session_url(session)).content.decode()
    client.post(issue_url("bien_ban", session), {"signer_name": ""})
    minutes = IssuedDocument.objects.get(kind="bien_ban")
    assert minutes.reference == "01/BB-BTCD"
    pdf = minutes.file.open("rb").read()
    text = " ".join(pdf_tools.text(pdf).split())
    for expected in (
        "BIÊN BẢN",
        "Số: 01/BB-BTCD",
        "Buổi tiếp công dân trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh",
        f"(phiên {session.code})",
        "I. THÀNH PHẦN",
        "Ông (bà) Phạm Văn Dũng, Trưởng ban",
        f"Công dân: ông (bà) {APPLICANT}",
        "II. NỘI DUNG",
        "Công dân trình bày: Trình bày nội dung",
        f"Kết luận của người chủ trì: {CONCLUSION}",
        "NGƯỜI GHI BIÊN BẢN",
        "NGƯỜI CHỦ TRÌ",
    ):
        assert expected in text, expected
    pdf_tools.assert_official_layout(pdf)
    pdf_tools.save_png(pdf, "bien-ban-tiep-cong-dan")


@pytest.mark.parametrize("role", ["vp_ubnd", "thanh_tra", "lanh_dao", "so_nganh"])
def test_minutes_naming_a_denouncer_stay_with_the_handlers(client, role):
    p, session = run_session()
    from addons.tiepdan_report.services.session_documents import issue_session_document

    minutes = issue_session_document(p["board"], "bien_ban", session)
    assert DENOUNCER in pdf_tools.text(minutes.file.open("rb").read())  # the official text names everyone
    client.force_login(staff_user(role))
    assert client.get(download_url(minutes)).status_code == 404
    assert client.get(f"/api/v1/documents/{minutes.pk}/pdf/").status_code == 404
    client.force_login(staff_user("chu_tich"))  # a handler of every case
    assert client.get(download_url(minutes)).status_code == 200


def test_no_minutes_before_the_session_is_concluded(client):
    _p, session = run_session(conclude=False)
    client.force_login(staff_user("ban_tcd"))
    response = client.post(issue_url("bien_ban", session), follow=True)
    assert "khi phiên đã kết thúc" in response.content.decode()
    assert not IssuedDocument.objects.exists()
