"""Thông báo lịch tiếp công dân (Luật TCD art. 24): issued from the session's page in one click, numbered
in the TB series of the issuing body, kept; the time, the chair, the sites, the bodies, the focus and the
cases by type — no citizen's name, no case content."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_session.tests.common import session_url

from . import pdf_tools
from .common import issue_url
from .sessions import APPLICANT, DENOUNCER, OTHER, announced_session_with_cases

pytestmark = pytest.mark.django_db


def _issue(client, session, user=None):
    client.force_login(user or staff_user("ban_tcd"))
    return client.post(issue_url("lich_tiep", session), {"signer_name": "Phạm Minh Tuấn"})


def test_the_session_page_offers_the_notice_and_issues_it_in_one_click(client):
    _p, session, _cases = announced_session_with_cases()
    client.force_login(staff_user("ban_tcd"))
    page = client.get(session_url(session)).content.decode()
    assert 'id="session-documents"' in page and issue_url("lich_tiep", session) in page
    response = _issue(client, session)
    document = IssuedDocument.objects.get(session=session, kind="lich_tiep")
    assert response.status_code == 302
    assert document.reference == "01/TB-BTCD" and not document.names_citizen
    page = client.get(session_url(session)).content.decode()
    assert reverse("admin:tiepdan_report_issueddocument_download", args=[document.pk]) in page
    assert issue_url("lich_tiep", session) not in page  # issued: a correction goes through the document


def test_the_notice_reads_as_a_schedule_with_sites_bodies_and_focus(client):
    _p, session, _cases = announced_session_with_cases()
    _issue(client, session)
    pdf = IssuedDocument.objects.get(session=session).file.open("rb").read()
    text = " ".join(pdf_tools.text(pdf).split())
    start = session.local_start
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/TB-BTCD",
        "THÔNG BÁO",
        "Lịch tiếp công dân định kỳ trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh",
        f"1. Thời gian: từ 08 giờ 00 đến 11 giờ 00, {['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'][start.weekday()]}, ngày {start:%d/%m/%Y}.",
        "Chủ tịch Ủy ban nhân dân tỉnh.",
        f"điểm cầu chính tại {session.host_site.name}",
        "Sở Nông nghiệp và Môi trường: chuẩn bị hồ sơ, báo cáo",
        "5. Nội dung: Đất đai, bồi thường, hỗ trợ tái định cư; 03 vụ việc (",
        "02 vụ việc khiếu nại",
        "01 vụ việc tố cáo",
        "khoản 1 Điều 12 Nghị định số 154/2026/NĐ-CP",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TRƯỞNG BAN",
        "Phạm Minh Tuấn",
    ):
        assert expected in text, expected
    for site in session.component_sites.select_related("site"):
        assert site.site.name in text
    for name in (APPLICANT, DENOUNCER, OTHER):
        assert name not in text
    for case in session.agenda.select_related("case"):
        assert case.case.code not in text and case.case.summary not in text
    pdf_tools.assert_official_layout(pdf)
    pdf_tools.save_png(pdf, "thong-bao-lich-tiep-cong-dan")


def test_no_schedule_notice_before_the_announcement(client):
    from addons.tiepdan_session.tests.common import approved_session, people

    session = approved_session(people())
    client.force_login(staff_user("ban_tcd"))
    response = client.post(issue_url("lich_tiep", session), follow=True)
    assert "khi phiên đã được thông báo" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_a_commune_does_not_issue_the_schedule_notice(client):
    _p, session, _cases = announced_session_with_cases()
    response = _issue(client, session, staff_user("ubnd_xa"))
    assert response.status_code == 302 and not IssuedDocument.objects.exists()


def test_a_second_notice_is_a_correction_with_a_new_number_naming_the_first(client):
    _p, session, _cases = announced_session_with_cases()
    _issue(client, session)
    first = IssuedDocument.objects.get()
    client.post(reverse("admin:tiepdan_report_issueddocument_reissue", args=[first.pk]))
    second = IssuedDocument.objects.exclude(pk=first.pk).get()
    assert second.reference == "02/TB-BTCD" and second.replaces == first and second.session == session
    text = " ".join(pdf_tools.text(second.file.open("rb").read()).split())
    assert f"Thông báo này thay thế Thông báo số 01/TB-BTCD ngày {first.issued_on:%d/%m/%Y}" in text
