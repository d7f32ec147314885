"""Giấy mời: one per invited citizen (the bridge site, the time, the papers to bring), all of a commune in
one file for the commune to hand out (each page with its own number of the GM series), one per invited
agency (its duty, the dossiers asked of it) — issued from the session's page through the numbered path."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, unit
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_session.models import Invitation
from addons.tiepdan_session.tests.common import session_url

from . import pdf_tools
from .common import issue_url
from .sessions import APPLICANT, DENOUNCER, OTHER, announced_session_with_cases

pytestmark = pytest.mark.django_db


def _text(document):
    return " ".join(pdf_tools.text(document.file.open("rb").read()).split())


def test_a_citizens_invitation_names_the_site_the_time_and_the_papers(client):
    _p, session, cases = announced_session_with_cases()
    invitation = Invitation.objects.get(agenda_item__case=cases["khieu_nai"])
    client.force_login(staff_user("ban_tcd"))
    assert issue_url("giay_moi", invitation) in client.get(session_url(session)).content.decode()
    client.post(issue_url("giay_moi", invitation), {"signer_name": "Phạm Minh Tuấn"})
    document = IssuedDocument.objects.get(kind="giay_moi")
    assert document.reference == "01/GM-BTCD" and document.invitation == invitation
    assert document.case == cases["khieu_nai"] and document.session == session
    slot = invitation.agenda_item.slot_start.astimezone(session.local_start.tzinfo)
    text = _text(document)
    for expected in (
        "GIẤY MỜI",
        "Số: 01/GM-BTCD",
        "Tham dự buổi tiếp công dân trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh",
        f"Kính gửi: Ông (bà) {APPLICANT}.",
        f"trân trọng kính mời ông (bà) {APPLICANT}",
        f"(vụ việc số {cases['khieu_nai'].code})",
        f"Thời gian: {slot:%H} giờ {slot:%M}",
        f"ngày {slot:%d/%m/%Y} (buổi tiếp công dân từ 08 giờ 00 đến 11 giờ 00)",
        f"Địa điểm: điểm cầu {invitation.site.name}",
        "mang theo: căn cước (hoặc giấy tờ tùy thân khác)",
        f"- UBND {cases['khieu_nai'].unit.name} (để phối hợp);",
        "Phạm Minh Tuấn",
    ):
        assert expected in text, expected
    assert DENOUNCER not in text and OTHER not in text
    pdf = document.file.open("rb").read()
    pdf_tools.assert_official_layout(pdf)
    pdf_tools.save_png(pdf, "giay-moi-cong-dan")


def test_a_communes_file_holds_its_invitations_each_with_its_own_number_and_no_denouncer(client):
    _p, session, cases = announced_session_with_cases()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    page = client.get(session_url(session)).content.decode()
    assert f'name="unit" value="{unit(MY_THO).pk}"' in page
    assert f'value="{unit(DAO_THANH).pk}"' not in page  # another commune's invitations are not its own
    response = client.post(issue_url("giay_moi_xa", session), {"unit": unit(MY_THO).pk})
    assert response.status_code == 302
    bundle = IssuedDocument.objects.get(kind="giay_moi_xa")
    assert bundle.unit == unit(MY_THO) and bundle.number is None
    single = IssuedDocument.objects.get(kind="giay_moi")  # the commune's one non-denunciation invitation
    assert single.reference == "01/GM-UBND" and single.invitation.agenda_item.case == cases["khieu_nai"]
    pdf = bundle.file.open("rb").read()
    text = _text(bundle)
    assert APPLICANT in text and "Số: 01/GM-UBND" in text
    assert DENOUNCER not in text and OTHER not in text
    pdf_tools.assert_official_layout(pdf)


def test_a_communes_file_reuses_the_number_of_an_invitation_already_issued(client):
    _p, session, cases = announced_session_with_cases()
    client.force_login(staff_user("ban_tcd"))
    inv = Invitation.objects.get(agenda_item__case=cases["khieu_nai"])
    client.post(issue_url("giay_moi", inv))
    first = IssuedDocument.objects.get(kind="giay_moi")
    client.post(issue_url("giay_moi_xa", session), {"unit": unit(MY_THO).pk})
    bundle = IssuedDocument.objects.get(kind="giay_moi_xa")
    assert IssuedDocument.objects.filter(kind="giay_moi").count() == 1  # the kept one is reused
    assert f"Số: {first.reference}" in _text(bundle)
    assert len(pdf_tools.page_sizes(bundle.file.open("rb").read())) == 1


def test_an_agencys_invitation_gives_its_duty_and_the_dossiers_asked(client):
    _p, session, _cases = announced_session_with_cases()
    row = session.agencies.get()
    client.force_login(staff_user("ban_tcd"))
    assert issue_url("giay_moi_co_quan", row) in client.get(session_url(session)).content.decode()
    client.post(issue_url("giay_moi_co_quan", row))
    document = IssuedDocument.objects.get(kind="giay_moi_co_quan")
    assert document.reference == "01/GM-BTCD" and not document.names_citizen
    text = _text(document)
    for expected in (
        "Kính gửi: Sở Nông nghiệp và Môi trường.",
        "trân trọng kính mời đại diện lãnh đạo Sở Nông nghiệp và Môi trường",
        "Nhiệm vụ: chuẩn bị hồ sơ, báo cáo các vụ việc theo lĩnh vực phụ trách.",
        f"điểm cầu {session.host_site.name}",
    ):
        assert expected in text, expected
    for name in (APPLICANT, DENOUNCER, OTHER):
        assert name not in text
    pdf_tools.assert_official_layout(document.file.open("rb").read())


def test_a_commune_does_not_invite_agencies_nor_another_communes_citizens(client):
    _p, session, cases = announced_session_with_cases()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    client.post(issue_url("giay_moi_co_quan", session.agencies.get()))
    other = Invitation.objects.get(agenda_item__case=cases["dao_thanh"])
    assert client.post(issue_url("giay_moi", other)).status_code == 404
    assert client.post(issue_url("giay_moi_xa", session), {"unit": unit(DAO_THANH).pk}).status_code == 302
    assert not IssuedDocument.objects.exists()
