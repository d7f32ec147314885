"""The agency's signing certificate (NĐ 154 art. 24.2: ký số) and detached CMS/PKCS#7 signatures.

- `signing_identity()`: the private key, X.509 certificate and chain of the PKCS#12 file named by
  settings.SIGNING_PKCS12_PATH (password settings.SIGNING_PKCS12_PASSWORD) — TEAM.md interface 6; the
  report module signs its PDFs with the same file. In development and tests only (ARCHIVE_ALLOW_DEV_KEY,
  on where DEBUG was on at start), an empty path means a self-signed development certificate kept in
  var/signing-dev.p12; in production a missing or unreadable file is a configuration error.
- `sign_detached(data)`: DER of a CMS SignedData over `data` (not embedded: a detached signature), SHA-256,
  signed attributes (content type, signing time, message digest) and the signer's certificate and chain,
  so `openssl cms -verify -binary -inform DER -in sig.p7s -content data -CAfile ca.pem` checks it.
- `verify_detached(signature, data)`: the same check in Python; the signer certificate must be the
  configured one or one of settings.SIGNING_TRUSTED_CERTIFICATES (a PEM bundle of the agency's earlier
  certificates, kept after a renewal), and the signature must fall within its validity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class SigningIdentity:
    key: object  # a cryptography private key (RSA or EC)
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def subject_of(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


# ------------------------------------------------------------------------------------ the PKCS#12
def _dev_allowed() -> bool:
    # settings.DEBUG is forced off while tests run; ARCHIVE_ALLOW_DEV_KEY keeps the value DEBUG had at start.
    return bool(settings.DEBUG or getattr(settings, "ARCHIVE_ALLOW_DEV_KEY", False))


def _dev_pkcs12_path() -> Path:
    return Path(
        getattr(settings, "SIGNING_DEV_PKCS12_PATH", "") or settings.BASE_DIR / "var" / "signing-dev.p12"
    )


def _create_dev_pkcs12(path: Path) -> None:
    """A self-signed development certificate (never for production: nobody outside trusts it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Chứng thư phát triển (không dùng thật)"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(b"dev", key, cert, None, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    try:
        os.link(tmp, path)  # another process may have won the race; theirs is kept
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _pkcs12_source() -> tuple[Path, bytes | None]:
    raw_path = (getattr(settings, "SIGNING_PKCS12_PATH", "") or "").strip()
    if raw_path:
        password = getattr(settings, "SIGNING_PKCS12_PASSWORD", "") or ""
        return Path(raw_path), password.encode("utf-8") or None
    if not _dev_allowed():
        raise ImproperlyConfigured(
            "SIGNING_PKCS12_PATH must name the agency's PKCS#12 file (certificate and key for ký số)."
        )
    path = _dev_pkcs12_path()
    if not path.exists():
        _create_dev_pkcs12(path)
    return path, None


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int, password: bytes | None) -> SigningIdentity:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"SIGNING_PKCS12_PATH cannot be read: {exc}") from None
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise ImproperlyConfigured(
            "SIGNING_PKCS12_PATH is not a PKCS#12 file or SIGNING_PKCS12_PASSWORD is wrong."
        ) from None
    if key is None or cert is None:
        raise ImproperlyConfigured("The PKCS#12 file must hold the private key and its certificate.")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ImproperlyConfigured("The signing key must be RSA or EC.")
    return SigningIdentity(key=key, certificate=cert, chain=tuple(chain or ()))


def signing_identity() -> SigningIdentity:
    """The agency's key, certificate and chain (ImproperlyConfigured when missing or unreadable)."""
    path, password = _pkcs12_source()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise ImproperlyConfigured(f"SIGNING_PKCS12_PATH cannot be read: {exc}") from None
    return _load(str(path), mtime, password)


def certificate_problem(identity: SigningIdentity, at: dt.datetime | None = None) -> str:
    """Why this certificate cannot sign now ("" when it can)."""
    at = at or dt.datetime.now(dt.UTC)
    cert = identity.certificate
    if at < cert.not_valid_before_utc:
        return "The signing certificate is not valid yet."
    if at > cert.not_valid_after_utc:
        return "The signing certificate has expired."
    return ""


def _read_pem_bundle(path: str) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"SIGNING_TRUSTED_CERTIFICATES cannot be read: {exc}") from None


def trusted_certificates() -> list[x509.Certificate]:
    """The signer certificates whose signatures count: the configured one and the earlier ones."""
    certs = []
    try:
        certs.append(signing_identity().certificate)
    except ImproperlyConfigured:
        pass
    bundle = (getattr(settings, "SIGNING_TRUSTED_CERTIFICATES", "") or "").strip()
    if bundle:
        certs.extend(_read_pem_bundle(bundle))
    return certs


# ---------------------------------------------------------------------------------------- signing
def sign_detached(data: bytes, identity: SigningIdentity | None = None) -> bytes:
    """DER of a detached CMS SignedData over `data` (the exact bytes: binary mode, no MIME canonicalisation)."""
    identity = identity or signing_identity()
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(identity.certificate, identity.key, hashes.SHA256())
    )
    for cert in identity.chain:
        builder = builder.add_certificate(cert)
    return builder.sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    )


def pem_of_signature(der: bytes) -> bytes:
    """The same signature as PEM ("-----BEGIN CMS-----"), for people who prefer text."""
    import base64

    body = base64.encodebytes(der).decode("ascii")
    return f"-----BEGIN CMS-----\n{body}-----END CMS-----\n".encode("ascii")


@dataclass
class SignatureCheck:
    ok: bool
    reason: str = ""
    signer: x509.Certificate | None = None
    signing_time: dt.datetime | None = None


def _bad(reason: str, signer=None) -> SignatureCheck:
    return SignatureCheck(ok=False, reason=reason, signer=signer)


def verify_detached(
    signature: bytes, data: bytes, trusted: list[x509.Certificate] | None = None
) -> SignatureCheck:
    """Check a detached CMS signature over `data`: one signer, SHA-256 message digest of `data`, the
    signature over the signed attributes under the signer certificate's key, the certificate one of
    `trusted` (default trusted_certificates()) and valid at the signing time."""
    try:
        info = asn1_cms.ContentInfo.load(signature)
        if info["content_type"].native != "signed_data":
            return _bad("not a CMS SignedData")
        signed = info["content"]
        if signed["encap_content_info"]["content"].native is not None:
            return _bad("not a detached signature")
        signer_infos = list(signed["signer_infos"])
        if len(signer_infos) != 1:
            return _bad("exactly one signer expected")
        signer_info = signer_infos[0]
        sid = signer_info["sid"]
        if sid.name != "issuer_and_serial_number":
            return _bad("unsupported signer identifier")
        issuer, serial = sid.chosen["issuer"], sid.chosen["serial_number"].native
        signer_asn1 = next(
            (
                c.chosen
                for c in signed["certificates"] or []
                if c.name == "certificate" and c.chosen.issuer == issuer and c.chosen.serial_number == serial
            ),
            None,
        )
        if signer_asn1 is None:
            return _bad("the signer certificate is not in the signature")
        signer = x509.load_der_x509_certificate(signer_asn1.dump())
        if signer_info["digest_algorithm"]["algorithm"].native != "sha256":
            return _bad("the digest must be SHA-256", signer)
        attrs = signer_info["signed_attrs"]
        if not attrs:
            return _bad("signed attributes are missing", signer)
        values = {a["type"].native: a["values"][0] for a in attrs}
        if values.get("content_type") is None or values["content_type"].native != "data":
            return _bad("wrong content type", signer)
        digest = values.get("message_digest")
        if digest is None or digest.native != hashlib.sha256(data).digest():
            return _bad("the content does not match the signature", signer)
        signing_time = values.get("signing_time")
        signing_time = signing_time.native if signing_time is not None else None
        signed_bytes = b"\x31" + attrs.dump()[1:]  # the attributes are signed as a SET OF
        raw_signature = signer_info["signature"].native
        algorithm = signer_info["signature_algorithm"].signature_algo
        public_key = signer.public_key()
        if algorithm == "rsassa_pkcs1v15" and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(raw_signature, signed_bytes, padding.PKCS1v15(), hashes.SHA256())
        elif algorithm == "ecdsa" and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(raw_signature, signed_bytes, ec.ECDSA(hashes.SHA256()))
        else:
            return _bad("unsupported signature algorithm", signer)
    except InvalidSignature:
        return _bad("the signature does not match", locals().get("signer"))
    except (ValueError, TypeError, KeyError, IndexError):
        return _bad("the signature cannot be read")
    trusted = trusted_certificates() if trusted is None else trusted
    if fingerprint(signer) not in {fingerprint(c) for c in trusted}:
        return _bad("the signer certificate is not trusted", signer)
    if signing_time is not None and not (
        signer.not_valid_before_utc <= signing_time <= signer.not_valid_after_utc
    ):
        return _bad("signed outside the certificate's validity", signer)
    return SignatureCheck(ok=True, signer=signer, signing_time=signing_time)
