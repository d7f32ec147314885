"""Every upload path of every module passes the one check (addons/tiepdan_case/services/uploads.py):
a size limit, the kind judged by the bytes from an allow-list, the name's extension and the declared type
agreeing with the bytes, a random stored name; and every stored file leaves only through a view that
checks scope, as an attachment that is never sniffed. Each path is driven as a user drives it: the admin
form post, and the API where the path has one."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.models import CaseAttachment
from addons.tiepdan_case.tests.admin_helpers import add, staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, unit
from addons.tiepdan_session.models import (
    CaseAnswer,
    Directive,
    DirectiveReport,
    DossierRequest,
    ReceptionSession,
)
from addons.tiepdan_session.services import planning
from addons.tiepdan_session.tests.common import (
    HOST,
    accepted_case,
    admin_url,
    approved_session,
    people,
    site,
    working_day,
)
from addons.tiepdan_session.tests.directive_common import issued_directive, running_session

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["Họ và tên", "Số căn cước"])
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# Each refused file: (why, name, bytes, declared content type)
REFUSED = [
    ("a web page renamed to .pdf", "don.pdf", HTML, "application/pdf"),
    ("a program renamed to .pdf", "don.pdf", EXE, "application/pdf"),
    ("a PDF whose name says .html", "don.html", PDF, "text/html"),
    ("a PDF with no extension", "don", PDF, "application/pdf"),
    ("a PDF sent as an SVG image", "don.pdf", PDF, "image/svg+xml"),
    ("a PDF sent as a JPEG", "don.pdf", PDF, "image/jpeg"),
]


def _file(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- the paths: each returns (post(client, upload) -> response, stored() -> bool, a user who posts) ---


def _case_attachment_admin():
    case = CaseFactory(unit=unit(MY_THO))
    clerk = staff_user("ubnd_xa", commune=MY_THO)

    def post(client, upload):
        return client.post(add("caseattachment"), {"case": case.pk, "description": "Đơn", "upload": upload})

    return SimpleNamespace(
        user=clerk,
        post=post,
        stored=lambda: CaseAttachment.objects.filter(case=case).exists(),
        field=lambda: CaseAttachment.objects.get(case=case).file,
        download=lambda: reverse("tiepdan_case:attachment_download", args=[CaseAttachment.objects.get().pk]),
        outsider=lambda: staff_user("ubnd_xa", commune=DAO_THANH),
    )


def _directive(kind):
    directive = issued_directive()
    lead = staff_user("so_nganh")

    def report(client, upload):
        if kind == "report_admin":
            url = reverse("admin:tiepdan_session_directive_move", args=[directive.pk, "bao-cao-tien-do"])
            return client.post(url, {"text": "Đã làm việc.", "file": upload})
        return client.post(
            f"/api/v1/directives/{directive.pk}/reports/", {"text": "Đã làm việc.", "file": upload}
        )

    def answer(client, upload):
        data = {"text": "Đã trả lời.", "answer_number": "12/SNNMT", "answer_file": upload}
        if kind == "answer_admin":
            url = reverse("admin:tiepdan_session_directive_move", args=[directive.pk, "bao-cao-hoan-thanh"])
            return client.post(url, {**data, "answer_date": timezone.localdate().strftime("%d/%m/%Y")})
        return client.post(
            f"/api/v1/directives/{directive.pk}/report/",
            {**data, "answer_date": timezone.localdate().isoformat()},
        )

    if kind.startswith("report"):
        return SimpleNamespace(
            user=lead,
            post=report,
            stored=lambda: DirectiveReport.objects.filter(directive=directive).exclude(file="").exists(),
            field=lambda: DirectiveReport.objects.get(directive=directive).file,
            download=lambda: reverse(
                "tiepdan_session:directive_report_file",
                args=[DirectiveReport.objects.get(directive=directive).pk],
            ),
            outsider=lambda: staff_user("ubnd_xa", commune=DAO_THANH),
        )
    return SimpleNamespace(
        user=lead,
        post=answer,
        stored=lambda: bool(Directive.objects.get(pk=directive.pk).answer_file),
        field=lambda: Directive.objects.get(pk=directive.pk).answer_file,
        download=lambda: reverse("tiepdan_session:directive_answer_file", args=[directive.pk]),
        outsider=lambda: staff_user("ubnd_xa", commune=DAO_THANH),
    )


def _case_answer(kind):
    p = people()
    case = accepted_case()
    running_session(p, [case])

    def post(client, upload):
        if kind == "admin":
            return client.post(
                reverse("admin:tiepdan_session_caseanswer_add"),
                {
                    "case": case.pk,
                    "number": "47/TB-BTCD",
                    "answered_on": timezone.localdate().strftime("%d/%m/%Y"),
                    "upload": upload,
                },
            )
        return client.post(
            "/api/v1/case-answers/",
            {
                "case": case.pk,
                "number": "45/TB-BTCD",
                "answered_on": timezone.localdate().isoformat(),
                "file": upload,
            },
        )

    return SimpleNamespace(
        user=staff_user("ban_tcd"),
        post=post,
        stored=lambda: CaseAnswer.objects.filter(case=case).exists(),
        field=lambda: CaseAnswer.objects.get(case=case).file,
        download=lambda: reverse(
            "tiepdan_session:case_answer_file", args=[CaseAnswer.objects.get(case=case).pk]
        ),
        outsider=lambda: staff_user("ubnd_xa", commune=DAO_THANH),
    )


def _briefing():
    p = people()
    case = accepted_case()
    session = approved_session(p, cases=[case])
    from addons.tiepdan_case.models import Agency

    row = planning.request_dossier(
        p["board"], session.agenda.get(), Agency.objects.get(code="so-nn-mt"), working_day(6)
    )

    def post(client, upload):
        return client.post(
            admin_url("dossierrequest", "change", row.pk), {"briefing": "Tóm tắt", "briefing_file": upload}
        )

    return SimpleNamespace(
        user=staff_user("so_nganh"),
        post=post,
        stored=lambda: bool(DossierRequest.objects.get(pk=row.pk).briefing_file),
        field=lambda: DossierRequest.objects.get(pk=row.pk).briefing_file,
        download=lambda: reverse("tiepdan_session:briefing_file", args=[row.pk]),
        outsider=lambda: staff_user("so_tu_phap"),
    )


def _authorisation():
    p = people()
    day = working_day(8)
    data = {
        "kind": "dinh_ky",
        "title": "Phiên tiếp định kỳ tháng",
        "focus": "Đất đai",
        "start_0": day.strftime("%d/%m/%Y"),
        "start_1": "08:00",
        "end_0": day.strftime("%d/%m/%Y"),
        "end_1": "11:00",
        "chair": p["chair"].pk,
        "chair_capacity": "pho_chu_tich",
        "authorisation_number": "12/GUQ-UBND",
        "authorisation_date": "01/12/2026",
        "host_site": site(HOST).pk,
        "note_taker": "",
        "external_meeting_url": "",
    }

    def post(client, upload):
        return client.post(admin_url("receptionsession"), {**data, "authorisation_file": upload})

    return SimpleNamespace(
        user=p["board"],
        post=post,
        stored=lambda: ReceptionSession.objects.exclude(authorisation_file="").exists(),
        field=lambda: ReceptionSession.objects.get().authorisation_file,
        download=lambda: reverse(
            "tiepdan_session:authorisation_file", args=[ReceptionSession.objects.get().pk]
        ),
        outsider=lambda: staff_user("bao_ptth"),  # the media read a session's public facts only
    )


PATHS = {
    "case document (admin)": _case_attachment_admin,
    "directive progress report (admin)": lambda: _directive("report_admin"),
    "directive progress report (API)": lambda: _directive("report_api"),
    "directive written answer (admin)": lambda: _directive("answer_admin"),
    "directive written answer (API)": lambda: _directive("answer_api"),
    "answer to the citizen (admin)": lambda: _case_answer("admin"),
    "answer to the citizen (API)": lambda: _case_answer("api"),
    "agency briefing (admin)": _briefing,
    "vice-chairman's authorisation (admin)": _authorisation,
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("why, name, content, content_type", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_file_that_is_not_what_it_claims_is_refused_on_every_path(
    client, path, why, name, content, content_type
):
    target = PATHS[path]()
    client.force_login(target.user)
    response = target.post(client, _file(name, content, content_type))
    assert response.status_code in (200, 400), (why, response.status_code)
    assert not target.stored(), why
    assert "không được chấp nhận" in response.content.decode() or "nội dung" in response.content.decode()


@pytest.mark.parametrize("path", PATHS)
def test_a_file_over_the_size_limit_is_refused_on_every_path(client, settings, path):
    settings.ATTACHMENT_MAX_BYTES = 1024
    target = PATHS[path]()
    client.force_login(target.user)
    response = target.post(client, _file("don.pdf", PDF + b"%" * 2048, "application/pdf"))
    assert response.status_code in (200, 400)
    assert not target.stored()
    assert "tối đa" in response.content.decode()


@pytest.mark.parametrize("path", PATHS)
def test_an_accepted_file_is_kept_under_a_random_name_and_leaves_only_as_a_checked_attachment(client, path):
    target = PATHS[path]()
    client.force_login(target.user)
    # A scanner's neutral type is accepted: the type served is the one the bytes say.
    response = target.post(client, _file("Don cua ong Tai.pdf", PDF, "application/octet-stream"))
    assert response.status_code in (200, 201, 302), response.content.decode()[:2000]
    stored = target.field()
    assert "Don cua" not in stored.name and "Tai" not in stored.name and not stored.name.endswith(".pdf")
    download = client.get(target.download())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    client.force_login(target.outsider())
    assert client.get(target.download()).status_code == 404


def test_the_people_workbook_of_a_group_reception_is_checked_before_it_is_opened(client, settings):
    from addons.tiepdan_case.admin.new_reception import PEOPLE_XLSX_MAX_BYTES

    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    url = reverse("admin:tiepdan_case_case_reception")
    refused = [
        ("nguoi.xlsx", HTML, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("nguoi.xlsx", PDF, "application/pdf"),
        ("nguoi.pdf", xlsx_bytes(), "application/pdf"),
        ("nguoi.xlsx", xlsx_bytes() + b"\0" * (PEOPLE_XLSX_MAX_BYTES + 1), "application/octet-stream"),
    ]
    for name, content, content_type in refused:
        response = client.post(url, {"_import": "1", "paste": "", "xlsx": _file(name, content, content_type)})
        assert response.status_code == 200
        html = response.content.decode()
        assert "không được chấp nhận" in html or "phải có đuôi" in html or "tối đa" in html, name
    good = xlsx_bytes()
    response = client.post(
        url, {"_import": "1", "paste": "", "xlsx": _file("nguoi.xlsx", good, "application/octet-stream")}
    )
    assert response.status_code == 200
    assert "không được chấp nhận" not in response.content.decode()


def test_stored_uploads_are_never_served_from_the_media_url(client):
    target = _case_attachment_admin()
    client.force_login(target.user)
    target.post(client, _file("don.pdf", PDF, "application/pdf"))
    assert client.get("/media/" + target.field().name).status_code == 404
