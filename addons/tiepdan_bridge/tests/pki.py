"""A throwaway PKI for tests (TEAM.md interface 6): a CA, a signing certificate it issued, and the
PKCS#12 file that settings.SIGNING_PKCS12_PATH / SIGNING_PKCS12_PASSWORD point to.

Built with `cryptography` only. Used by the archive tests (CMS signatures of recordings, NĐ 154 art. 24.2)
and by the report module (PAdES signatures of PDFs):

    def test_something(signing_pkcs12):  # a fixture, registered for every test by the root conftest.py
        # settings now point at a fresh PKCS#12 in tmp_path; signing_pkcs12 is a TestPKI:
        signing_pkcs12.pkcs12_path, signing_pkcs12.password, signing_pkcs12.ca_path (PEM of the CA),
        signing_pkcs12.cert, signing_pkcs12.key, signing_pkcs12.ca_cert, signing_pkcs12.ca_key

Other shapes: `build_pki(folder)` (a new CA and certificate), `pki.issue(folder, common_name=...)`
(another certificate from the same CA, e.g. after a key change), `build_pki(folder, days=-1)` (expired).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "mat-khau-thu-nghiem"
CA_NAME = "CA thử nghiệm — Ban Cơ yếu (giả lập)"
SIGNER_NAME = "Ủy ban nhân dân tỉnh Đồng Tháp"


@lru_cache(maxsize=8)
def _cached_key(slot: int) -> rsa.RSAPrivateKey:
    # RSA key generation is the slow part; a few keys are reused across tests (each slot is one key).
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, organization: str = "UBND tỉnh Đồng Tháp") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@dataclass
class TestPKI:
    __test__ = False  # not a pytest test class

    ca_key: rsa.RSAPrivateKey
    ca_cert: x509.Certificate
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    password: str
    pkcs12_path: Path
    ca_path: Path

    @property
    def pkcs12(self) -> bytes:
        return self.pkcs12_path.read_bytes()

    @property
    def ca_pem(self) -> bytes:
        return self.ca_cert.public_bytes(serialization.Encoding.PEM)

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(
        self, folder: Path, *, common_name: str = SIGNER_NAME, days: int = 365, key_slot: int = 2
    ) -> TestPKI:
        """Another signing certificate (and PKCS#12 in `folder`) from the same CA."""
        return _issue(
            folder, self.ca_key, self.ca_cert, common_name=common_name, days=days, key_slot=key_slot
        )


def _issue(folder, ca_key, ca_cert, *, common_name, days, key_slot, password=PASSWORD) -> TestPKI:
    folder = Path(folder)
    key = _cached_key(key_slot)
    now = _now()
    not_after = now + dt.timedelta(days=days) if days > 0 else now - dt.timedelta(seconds=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        name=common_name.encode("utf-8"),
        key=key,
        cert=cert,
        cas=[ca_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode("utf-8")),
    )
    stem = f"signer-{cert.serial_number:x}"[:24]
    return TestPKI(
        ca_key=ca_key,
        ca_cert=ca_cert,
        key=key,
        cert=cert,
        password=password,
        pkcs12_path=_write(folder / f"{stem}.p12", p12),
        ca_path=_write(folder / "ca.pem", ca_cert.public_bytes(serialization.Encoding.PEM)),
    )


def build_ca(common_name: str = CA_NAME, key_slot: int = 0):
    """A self-signed CA: (key, certificate)."""
    key = _cached_key(key_slot)
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, "Ban Cơ yếu Chính phủ (thử nghiệm)"))
        .issuer_name(_name(common_name, "Ban Cơ yếu Chính phủ (thử nghiệm)"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=2))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def build_pki(
    folder: Path,
    *,
    common_name: str = SIGNER_NAME,
    ca_name: str = CA_NAME,
    days: int = 365,
    password: str = PASSWORD,
    ca_slot: int = 0,
    key_slot: int = 1,
) -> TestPKI:
    """A new CA and a signing certificate issued by it; the PKCS#12 (key, certificate, CA) and the CA's
    PEM are written in `folder`. `days <= 0` gives a certificate that has already expired."""
    ca_key, ca_cert = build_ca(ca_name, key_slot=ca_slot)
    return _issue(
        folder, ca_key, ca_cert, common_name=common_name, days=days, key_slot=key_slot, password=password
    )


def use_pki(settings, pki: TestPKI) -> TestPKI:
    """Point the signing settings at `pki`'s PKCS#12."""
    settings.SIGNING_PKCS12_PATH = str(pki.pkcs12_path)
    settings.SIGNING_PKCS12_PASSWORD = pki.password
    return pki


@pytest.fixture
def signing_pkcs12(settings, tmp_path) -> TestPKI:
    """settings.SIGNING_PKCS12_PATH / SIGNING_PKCS12_PASSWORD point at a fresh throwaway PKCS#12."""
    return use_pki(settings, build_pki(tmp_path / "pki"))
