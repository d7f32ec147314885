"""Who opens a session's documents (scoping.documents_visible_to): the schedule notice whoever sees the
session; a citizen's invitation whoever sees that invitation; a denunciation's invitation only the case's
handlers — it names the denouncer — and it is never put in a commune's file; an agency's invitation the
office and that agency."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, unit
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_report.services.session_documents import issue_session_document
from addons.tiepdan_session.models import Invitation
from addons.tiepdan_session.tests.common import session_url

from .common import download_url, issue_url
from .sessions import DENOUNCER, announced_session_with_cases

pytestmark = pytest.mark.django_db

NON_HANDLERS = [
    ("vp_ubnd", None),
    ("thanh_tra", None),
    ("lanh_dao", None),
    ("so_nganh", None),
    ("ubnd_xa", DAO_THANH),
    ("so_tu_phap", None),
    ("so_tai_chinh", None),
]


@pytest.fixture
def issued():
    p, session, cases = announced_session_with_cases()
    board = p["board"]
    documents = {
        "notice": issue_session_document(board, "lich_tiep", session),
        "denouncer": issue_session_document(
            board, "giay_moi", Invitation.objects.get(agenda_item__case=cases["to_cao"])
        ),
        "applicant": issue_session_document(
            board, "giay_moi", Invitation.objects.get(agenda_item__case=cases["khieu_nai"])
        ),
        "agency": issue_session_document(board, "giay_moi_co_quan", session.agencies.get()),
        "file": issue_session_document(board, "giay_moi_xa", session, unit=unit(MY_THO)),
    }
    return session, cases, documents


def test_the_board_a_handler_issues_and_opens_the_denouncers_invitation(client, issued):
    _session, _cases, documents = issued
    client.force_login(staff_user("ban_tcd"))
    response = client.get(download_url(documents["denouncer"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(("role", "commune"), NON_HANDLERS)
def test_no_non_handler_opens_the_denouncers_invitation_anywhere(client, issued, role, commune):
    session, _cases, documents = issued
    user = staff_user(role, commune=commune) if commune else staff_user(role)
    client.force_login(user)
    denouncer = documents["denouncer"]
    assert not IssuedDocument.objects.visible_to(user).filter(pk=denouncer.pk).exists()
    assert client.get(download_url(denouncer)).status_code == 404
    assert client.get(f"/api/v1/documents/{denouncer.pk}/pdf/").status_code == 404
    listed = client.get("/api/v1/documents/").json()["results"]
    assert denouncer.pk not in {row["id"] for row in listed}
    for row in listed:
        assert DENOUNCER not in str(row)
    page = client.get(session_url(session))
    if page.status_code == 200:
        assert DENOUNCER not in page.content.decode()


def test_a_non_handler_office_cannot_issue_the_denouncers_invitation(client, issued):
    _session, cases, _documents = issued
    client.force_login(staff_user("vp_ubnd"))
    invitation = Invitation.objects.get(agenda_item__case=cases["to_cao"])
    assert client.post(issue_url("giay_moi", invitation)).status_code == 404
    response = client.post(
        "/api/v1/documents/issue/",
        {"kind": "giay_moi", "subject": invitation.pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_communes_file_never_holds_the_denouncer(issued):
    import addons.tiepdan_report.tests.pdf_tools as pdf_tools

    _session, _cases, documents = issued
    assert DENOUNCER not in pdf_tools.text(documents["file"].file.open("rb").read())


def test_the_commune_opens_its_file_and_its_citizens_invitation_not_another_communes(client, issued):
    _session, _cases, documents = issued
    own = staff_user("ubnd_xa", commune=MY_THO)
    other = staff_user("ubnd_xa", commune=DAO_THANH)
    for doc in ("file", "applicant", "notice"):
        assert IssuedDocument.objects.visible_to(own).filter(pk=documents[doc].pk).exists(), doc
    for doc in ("file", "applicant", "agency"):
        assert not IssuedDocument.objects.visible_to(other).filter(pk=documents[doc].pk).exists(), doc


def test_an_agency_opens_its_invitation_and_the_notice_not_the_citizens(client, issued):
    _session, _cases, documents = issued
    invited = staff_user("so_nganh")  # Sở Nông nghiệp và Môi trường, the invited agency
    other = (
        staff_user("so_nganh", agency_code="so-xd") if _agency_exists("so-xd") else staff_user("so_tu_phap")
    )
    mine = set(IssuedDocument.objects.visible_to(invited).values_list("pk", flat=True))
    assert documents["agency"].pk in mine and documents["notice"].pk in mine
    assert documents["file"].pk not in mine and documents["applicant"].pk not in mine
    assert documents["agency"].pk not in set(
        IssuedDocument.objects.visible_to(other).values_list("pk", flat=True)
    )


def _agency_exists(code):
    from addons.tiepdan_case.models import Agency

    return Agency.objects.filter(code=code).exists()
