import base64
import hashlib
import io
import json
import os

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from addons.tiepdan_bridge.models import manifest_bytes
from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.services import signing
from addons.tiepdan_bridge.tests.archive_support import archive_settings, path_of, store  # noqa: F401
from addons.tiepdan_bridge.tests.pki import build_pki, use_pki
from addons.tiepdan_case.services.audit import history_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


class OneWayStream:
    """A stream that cannot seek and hands out at most `limit` bytes per read, like a network upload."""

    def __init__(self, data: bytes, limit: int = 7000):
        self._buffer = io.BytesIO(data)
        self.limit = limit
        self.largest_read = 0

    def read(self, size=-1):
        size = self.limit if size is None or size < 0 else min(size, self.limit)
        self.largest_read = max(self.largest_read, size)
        return self._buffer.read(size)


def test_the_stored_hash_and_size_equal_hashlib_of_the_content_and_the_file_is_kept(settings, board_user):
    content = os.urandom(3 * 1024 * 1024 + 17)
    stream = OneWayStream(content)
    entry = archive_service.store_file(stream, "Ghi hình phiên 12.mp4", "session:12", board_user)
    assert entry.sha256 == hashlib.sha256(content).hexdigest()
    assert entry.size == len(content)
    assert path_of(entry, settings).read_bytes() == content
    assert entry.created_by == board_user
    assert entry.content_type == "video/mp4"
    assert stream.largest_read <= archive_service.CHUNK_SIZE
    (event,) = history_of(entry)
    assert (event.kind, event.action, event.actor) == ("created", "archive", board_user)
    assert event.changes["sha256"] == entry.sha256


def test_files_get_random_storage_names_and_are_never_overwritten():
    first, second = store(b"a", name="same.pdf"), store(b"b", name="same.pdf")
    assert first.storage_key != second.storage_key
    assert first.storage_key.endswith(".pdf") and "same" not in first.storage_key
    assert len(first.storage_key.rsplit("/", 1)[1].split(".")[0]) == 32


def test_the_signature_is_a_detached_cms_over_the_manifest_with_the_agencys_certificate(settings):
    entry = store(b"minutes", name="Biên bản.pdf", owner_ref="session:3")
    manifest = manifest_bytes(entry)
    assert json.loads(manifest) == {
        "v": 1,
        "name": "Biên bản.pdf",
        "original_name": "Biên bản.pdf",
        "size": 7,
        "sha256": hashlib.sha256(b"minutes").hexdigest(),
        "signed_at": entry.signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "owner_ref": "session:3",
    }
    assert entry.signature_scheme == "cms" and entry.public_key == ""
    check = signing.verify_detached(base64.b64decode(entry.signature), manifest)
    assert check.ok, check.reason
    assert entry.certificate_sha256 == signing.fingerprint(settings.PKI.cert)
    assert entry.signer == "Ủy ban nhân dân tỉnh Đồng Tháp"
    entry.refresh_from_db()
    assert archive_service.verify_signature(entry)


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", "other"),
        ("size", 8),
        ("sha256", "0" * 64),
        ("owner_ref", "session:4"),
        ("original_name", "x"),
    ],
)
def test_the_signature_fails_on_tampered_metadata(field, value):
    entry = store(b"minutes")
    setattr(entry, field, value)
    assert not archive_service.verify_signature(entry)


def test_a_signature_made_with_another_agencys_certificate_does_not_verify(settings, tmp_path):
    entry = store(b"x")
    stranger = build_pki(tmp_path / "stranger", common_name="Kẻ giả mạo", ca_slot=3, key_slot=4)
    identity = signing._load(str(stranger.pkcs12_path), 0, stranger.password.encode())
    entry.signature = base64.b64encode(signing.sign_detached(manifest_bytes(entry), identity)).decode()
    assert not archive_service.verify_signature(entry)


def test_a_name_and_an_owner_reference_are_required():
    with pytest.raises(ValidationError):
        store(b"x", owner_ref="  ")
    with pytest.raises(ValidationError):
        store(b"x", name="")


def test_without_a_certificate_production_refuses_to_sign_and_writes_nothing(settings):
    settings.SIGNING_PKCS12_PATH = ""
    settings.DEBUG = False
    settings.ARCHIVE_ALLOW_DEV_KEY = False
    with pytest.raises(ImproperlyConfigured):
        store(b"x")
    assert not settings.ARCHIVE_ROOT.exists() or not any(
        p.is_file() for p in settings.ARCHIVE_ROOT.rglob("*")
    )


def test_an_expired_certificate_refuses_to_sign(settings, tmp_path):
    use_pki(settings, settings.PKI.issue(tmp_path / "expired", days=0))
    with pytest.raises(ImproperlyConfigured, match="expired"):
        store(b"x")


def test_the_deploy_check_reports_a_missing_or_expired_certificate(settings, tmp_path):
    assert archive_service.check_signing_key() == []
    settings.SIGNING_PKCS12_PATH = ""
    settings.ARCHIVE_ALLOW_DEV_KEY = False
    assert [e.id for e in archive_service.check_signing_key()] == ["tiepdan_bridge.E001"]
    use_pki(settings, settings.PKI.issue(tmp_path / "expired", days=0))
    assert [e.id for e in archive_service.check_signing_key()] == ["tiepdan_bridge.E002"]


def test_in_development_an_empty_path_signs_with_a_stable_development_certificate(settings, tmp_path):
    settings.SIGNING_PKCS12_PATH = ""
    settings.ARCHIVE_ALLOW_DEV_KEY = True
    settings.SIGNING_DEV_PKCS12_PATH = tmp_path / "var" / "signing-dev.p12"
    first, second = store(b"a"), store(b"b")
    assert settings.SIGNING_DEV_PKCS12_PATH.exists()
    assert first.certificate_sha256 == second.certificate_sha256
    assert archive_service.verify_signature(first)


def test_a_wrong_pkcs12_password_is_a_configuration_error(settings):
    settings.SIGNING_PKCS12_PASSWORD = "sai"
    with pytest.raises(ImproperlyConfigured):
        store(b"x")
