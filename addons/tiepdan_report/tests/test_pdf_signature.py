"""With a signing certificate configured (SIGNING_PKCS12_PATH / SIGNING_PKCS12_PASSWORD), an issued
document is signed PAdES with pyHanko, and pyHanko's validator accepts it against the issuing CA; the
stored (signed) bytes are what a re-print serves. Without one it is issued unsigned (tested in
test_document_keeping)."""

import io

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report.models import IssuedDocument

from . import pdf_tools
from .common import download_url, issue_url, refused_case


def _issue_signed(client):
    client.force_login(staff_user("ban_tcd"))
    case = refused_case()
    client.post(issue_url("tu_choi", case), {"signer_name": "Phạm Minh Tuấn"})
    return IssuedDocument.objects.get(case=case)


def test_an_issued_document_is_signed_pades_and_validates_against_the_ca(client, db, signing_pkcs12):
    document = _issue_signed(client)
    assert document.signed and "Đồng Tháp" in document.signer
    pdf = client.get(download_url(document)).content
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    signature = signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES baseline
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(signing_pkcs12.ca_path))])
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"
    # the signed file is still the document a person reads
    assert "Số: 01/TB-BTCD" in pdf_tools.text(pdf)
    pdf_tools.assert_official_layout(pdf)


def test_a_signature_from_another_ca_is_not_trusted(client, db, signing_pkcs12, tmp_path):
    from addons.tiepdan_bridge.tests.pki import build_pki

    document = _issue_signed(client)
    pdf = client.get(download_url(document)).content
    stranger = build_pki(tmp_path / "stranger", ca_name="CA lạ", ca_slot=3, key_slot=4)
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(stranger.ca_path))])
    status = validate_pdf_signature(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0], context)
    assert status.intact and not status.trusted


def test_a_signed_document_shows_as_signed_on_screen(client, db, signing_pkcs12):
    document = _issue_signed(client)
    page = client.get(f"/tiepdan_report/issueddocument/{document.pk}/change/").content.decode()
    assert "Đã ký số" in page and 'id="unsigned-mark"' not in page
