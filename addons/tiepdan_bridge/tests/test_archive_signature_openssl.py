"""NĐ 154 art. 24.2: an archive entry carries a detached CMS/PKCS#7 signature of its manifest made with the
agency's X.509 certificate, which an outside verifier checks with the openssl binary."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from addons.tiepdan_bridge.models import manifest_bytes
from addons.tiepdan_bridge.tests.archive_support import archive_settings, store  # noqa: F401
from addons.tiepdan_case.tests.admin_helpers import staff_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("archive_settings"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl binary"),
]


def openssl_cms_verify(signature, content, ca):
    return subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(signature)]
        + ["-content", str(content), "-CAfile", str(ca), "-out", "/dev/null"],
        capture_output=True,
        text=True,
    )


def test_the_exported_signature_and_manifest_verify_with_openssl_cms(settings, tmp_path):
    entry = store(b"recording bytes", name="Ghi hình phiên 12.mp4")
    call_command("verify_archive", "--export", str(entry.pk), "--to", str(tmp_path / "out"))
    out = tmp_path / "out"
    assert (out / f"{entry.pk}.manifest.json").read_bytes() == manifest_bytes(entry)
    result = openssl_cms_verify(
        out / f"{entry.pk}.p7s", out / f"{entry.pk}.manifest.json", settings.PKI.ca_path
    )
    assert result.returncode == 0, result.stderr
    assert "Verification successful" in result.stderr
    assert b"BEGIN CERTIFICATE" in (out / f"{entry.pk}.chain.pem").read_bytes()


def test_openssl_refuses_a_manifest_that_was_changed(settings, tmp_path):
    entry = store(b"recording bytes")
    call_command("verify_archive", "--export", str(entry.pk), "--to", str(tmp_path))
    manifest = tmp_path / f"{entry.pk}.manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b"session:12", b"session:13"))
    assert openssl_cms_verify(tmp_path / f"{entry.pk}.p7s", manifest, settings.PKI.ca_path).returncode != 0


def test_the_admin_hands_out_the_signature_and_manifest_openssl_accepts(client, settings, tmp_path):
    entry = store(b"minutes")
    client.force_login(staff_user("thanh_tra"))
    signature = client.get(reverse("admin:tiepdan_bridge_archiveentry_signature", args=[entry.pk]))
    manifest = client.get(reverse("admin:tiepdan_bridge_archiveentry_manifest", args=[entry.pk]))
    assert signature["Content-Type"] == "application/pkcs7-signature"
    (tmp_path / "s.p7s").write_bytes(signature.content)
    (tmp_path / "m.json").write_bytes(manifest.content)
    assert openssl_cms_verify(tmp_path / "s.p7s", tmp_path / "m.json", settings.PKI.ca_path).returncode == 0


def test_the_api_gives_the_manifest_and_the_base64_signature_openssl_accepts(settings, tmp_path):
    import base64

    from addons.tiepdan_case.tests.api_support import client_for

    entry = store(b"minutes")
    row = client_for(staff_user("ban_tcd")).get(f"/api/v1/archive-entries/{entry.pk}/").json()
    assert row["signature_scheme"] == "cms" and row["signature_valid"] is True
    (tmp_path / "s.p7s").write_bytes(base64.b64decode(row["signature"]))
    (tmp_path / "m.json").write_bytes(row["manifest"].encode("utf-8"))
    assert openssl_cms_verify(tmp_path / "s.p7s", tmp_path / "m.json", settings.PKI.ca_path).returncode == 0
