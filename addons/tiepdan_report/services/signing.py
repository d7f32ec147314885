"""Digital signature of issued PDFs (NĐ 154 art. 24.2; the e-transactions law): PAdES with pyHanko when
`SIGNING_PKCS12_PATH` / `SIGNING_PKCS12_PASSWORD` point at the agency's certificate (TEAM.md interface 6).
Without one the document is issued unsigned, and the screens say so."""

import io

from django.conf import settings


def sign_pdf(pdf: bytes, *, reason: str = "") -> tuple[bytes, str]:
    """(signed bytes, the signer's certificate subject) or (the same bytes, "") when nothing is configured."""
    if not settings.SIGNING_PKCS12_PATH:
        return pdf, ""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    password = settings.SIGNING_PKCS12_PASSWORD
    signer = signers.SimpleSigner.load_pkcs12(
        pfx_file=settings.SIGNING_PKCS12_PATH, passphrase=password.encode() if password else None
    )
    if signer is None:
        raise RuntimeError("SIGNING_PKCS12_PATH could not be read with SIGNING_PKCS12_PASSWORD")
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        reason=reason[:200] or None,
        location="Đồng Tháp",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue(), signer.signing_cert.subject.human_friendly[:255]
