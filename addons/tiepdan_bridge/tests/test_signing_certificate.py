"""The agency's PKCS#12 from settings signs detached CMS signatures that openssl and our check accept."""

import shutil
import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured

from addons.tiepdan_bridge.services import signing
from addons.tiepdan_bridge.tests.pki import build_pki, use_pki

DATA = '{"name":"Ghi hình phiên 12.mp4","size":3}'.encode()


def openssl_verify(tmp_path, signature: bytes, data: bytes, ca_path) -> subprocess.CompletedProcess:
    (tmp_path / "sig.p7s").write_bytes(signature)
    (tmp_path / "data.json").write_bytes(data)
    return subprocess.run(
        [
            shutil.which("openssl") or "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            str(tmp_path / "sig.p7s"),
            "-content",
            str(tmp_path / "data.json"),
            "-CAfile",
            str(ca_path),
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
    )


def test_a_detached_signature_from_the_configured_pkcs12_verifies_with_openssl(signing_pkcs12, tmp_path):
    signature = signing.sign_detached(DATA)
    result = openssl_verify(tmp_path, signature, DATA, signing_pkcs12.ca_path)
    assert result.returncode == 0, result.stderr
    assert "Verification successful" in result.stderr
    tampered = openssl_verify(tmp_path, signature, DATA + b" ", signing_pkcs12.ca_path)
    assert tampered.returncode != 0


def test_our_check_accepts_the_signature_and_names_the_signer(signing_pkcs12):
    check = signing.verify_detached(signing.sign_detached(DATA), DATA)
    assert check.ok, check.reason
    assert signing.subject_of(check.signer) == "Ủy ban nhân dân tỉnh Đồng Tháp"
    assert check.signing_time is not None


def test_changed_content_or_another_agencys_certificate_fails_our_check(signing_pkcs12, settings, tmp_path):
    signature = signing.sign_detached(DATA)
    assert signing.verify_detached(signature, DATA.replace(b"3", b"4")).reason == (
        "the content does not match the signature"
    )
    stranger = build_pki(tmp_path / "stranger", common_name="Kẻ giả mạo", ca_slot=3, key_slot=4)
    forged = signing.sign_detached(
        DATA, signing._load(str(stranger.pkcs12_path), 0, stranger.password.encode())
    )
    assert signing.verify_detached(forged, DATA).reason == "the signer certificate is not trusted"


def test_after_a_renewal_old_signatures_verify_while_the_old_certificate_is_trusted(
    signing_pkcs12, settings, tmp_path
):
    old_signature = signing.sign_detached(DATA)
    use_pki(settings, signing_pkcs12.issue(tmp_path / "renewed", common_name="UBND tỉnh (gia hạn)"))
    assert not signing.verify_detached(old_signature, DATA).ok
    (tmp_path / "old.pem").write_bytes(signing_pkcs12.cert_pem)
    settings.SIGNING_TRUSTED_CERTIFICATES = str(tmp_path / "old.pem")
    assert signing.verify_detached(old_signature, DATA).ok


def test_a_wrong_password_or_a_missing_file_is_a_configuration_error(signing_pkcs12, settings, tmp_path):
    settings.SIGNING_PKCS12_PASSWORD = "sai"
    with pytest.raises(ImproperlyConfigured, match="PASSWORD"):
        signing.signing_identity()
    settings.SIGNING_PKCS12_PATH = str(tmp_path / "none.p12")
    with pytest.raises(ImproperlyConfigured):
        signing.signing_identity()


def test_in_production_an_empty_path_refuses_and_in_development_a_dev_certificate_is_made(settings, tmp_path):
    settings.SIGNING_PKCS12_PATH = ""
    settings.DEBUG = False
    settings.ARCHIVE_ALLOW_DEV_KEY = False
    with pytest.raises(ImproperlyConfigured, match="SIGNING_PKCS12_PATH"):
        signing.signing_identity()
    settings.ARCHIVE_ALLOW_DEV_KEY = True
    settings.SIGNING_DEV_PKCS12_PATH = tmp_path / "var" / "signing-dev.p12"
    first = signing.signing_identity().fingerprint
    assert oct(settings.SIGNING_DEV_PKCS12_PATH.stat().st_mode & 0o777) == "0o600"
    assert signing.signing_identity().fingerprint == first
