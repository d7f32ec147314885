"""Documents: allow-listed types judged by content, a size limit, and downloads only within scope."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from addons.tiepdan_case.models import CaseAttachment, IdentityAccessLog
from addons.tiepdan_case.services import attachments
from addons.tiepdan_case.tests.admin_helpers import add, change, staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, case, name, content, description="Đơn khiếu nại"):
    return client.post(
        add("caseattachment"),
        {"case": case.pk, "description": description, "upload": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_is_stored_under_a_random_name_with_its_sha256(client):
    case = CaseFactory()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = _upload(client, case, "don khieu nai.pdf", PDF)
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get(case=case)
    assert attachment.original_name == "don khieu nai.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "don khieu nai" not in attachment.file.name
    assert attachment.file.name.startswith(f"case-attachments/{case.pk}/")


def test_a_docx_is_recognised_by_its_content(client):
    assert attachments.detect_kind(SimpleUploadedFile("x.bin", docx_bytes())) == "docx"
    assert attachments.detect_kind(SimpleUploadedFile("x.png", PNG)) == "png"


def test_an_executable_renamed_to_pdf_is_refused_and_the_form_keeps_the_rest(client):
    case = CaseFactory()
    client.force_login(staff_user("ban_tcd"))
    response = _upload(client, case, "hoa-don.pdf", b"MZ\x90\x00" + b"\x00" * 100, description="Giữ lại")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["upload"]
    assert errors == [
        "Loại tệp này không được chấp nhận. Các loại được chấp nhận: PDF, JPG, PNG, DOCX, XLSX."
    ]
    assert 'value="Giữ lại"' in response.content.decode()
    assert not CaseAttachment.objects.exists()


def test_a_file_above_the_limit_is_refused_with_its_size(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    case = CaseFactory()
    client.force_login(staff_user("ban_tcd"))
    response = _upload(client, case, "scan.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert "dung lượng tối đa được chấp nhận là" in response.context["adminform"].form.errors["upload"][0]
    assert not CaseAttachment.objects.exists()


def test_download_is_404_outside_the_scope(client):
    case = CaseFactory()
    attachment = attachments.add_attachment(staff_user("ban_tcd"), case, SimpleUploadedFile("a.pdf", PDF))
    url = reverse("tiepdan_case:attachment_download", args=[attachment.pk])
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    assert client.get(url).status_code == 404
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_documents_of_a_protected_denouncer_are_hidden_from_non_handlers_and_logged_for_handlers(client):
    case = CaseFactory(case_type="to_cao", identity_protection=True)
    handler = staff_user("ban_tcd")
    attachment = attachments.add_attachment(handler, case, SimpleUploadedFile("to-cao.pdf", PDF))
    url = reverse("tiepdan_case:attachment_download", args=[attachment.pk])
    client.force_login(staff_user("thanh_tra"))
    assert client.get(url).status_code == 404
    assert "to-cao.pdf" not in client.get(change("case", case.pk)).content.decode()
    assert client.get(change("caseattachment", attachment.pk)).status_code == 404
    client.force_login(handler)
    assert client.get(url).status_code == 200
    assert IdentityAccessLog.objects.filter(case=case, user=handler, channel="download").exists()


def test_a_non_handler_cannot_add_a_document_to_a_protected_denunciation_through_the_service():
    from addons.tiepdan_case.services.errors import NotAllowed

    case = CaseFactory(case_type="to_cao", identity_protection=True, state="submitted")
    with pytest.raises(NotAllowed):
        attachments.add_attachment(staff_user("vp_ubnd"), case, SimpleUploadedFile("ten-nguoi.pdf", PDF))
    assert not CaseAttachment.objects.exists()
