import base64
import hashlib
import io
import json
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured, ValidationError

from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.tests.archive_support import archive_settings, path_of, store  # noqa: F401
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


def test_the_signature_verifies_with_the_public_key_over_the_canonical_metadata():
    entry = store(b"minutes", name="Biên bản.pdf", owner_ref="session:3")
    payload = archive_service.canonical_payload(entry)
    assert json.loads(payload) == {
        "v": 1,
        "name": "Biên bản.pdf",
        "original_name": "Biên bản.pdf",
        "size": 7,
        "sha256": hashlib.sha256(b"minutes").hexdigest(),
        "signed_at": entry.signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "owner_ref": "session:3",
    }
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(entry.public_key))
    public.verify(base64.b64decode(entry.signature), payload)  # raises if wrong
    assert entry.public_key == archive_service.public_key_b64()
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


def test_a_signature_does_not_verify_under_another_key(settings):
    entry = store(b"x")
    other = archive_service.public_key_b64(archive_service.Ed25519PrivateKey.from_private_bytes(b"\x01" * 32))
    assert not archive_service.verify_signature(entry, public_key=other)


def test_a_name_and_an_owner_reference_are_required():
    with pytest.raises(ValidationError):
        store(b"x", owner_ref="  ")
    with pytest.raises(ValidationError):
        store(b"x", name="")


def test_without_a_key_production_refuses_to_sign(settings):
    settings.ARCHIVE_SIGNING_KEY = ""
    settings.DEBUG = False
    settings.ARCHIVE_ALLOW_DEV_KEY = False
    with pytest.raises(ImproperlyConfigured):
        store(b"x")


def test_the_deploy_check_reports_a_missing_key(settings):
    settings.ARCHIVE_SIGNING_KEY = ""
    settings.ARCHIVE_ALLOW_DEV_KEY = False
    assert [e.id for e in archive_service.check_signing_key()] == ["tiepdan_bridge.E001"]
    settings.ARCHIVE_SIGNING_KEY = archive_service.generate_key_b64()
    assert archive_service.check_signing_key() == []


def test_in_development_an_empty_key_means_a_stable_key_in_a_file(settings, tmp_path):
    settings.ARCHIVE_SIGNING_KEY = ""
    settings.ARCHIVE_ALLOW_DEV_KEY = True
    settings.ARCHIVE_DEV_KEY_PATH = tmp_path / "var" / "archive-dev.key"
    first = archive_service.public_key_b64()
    assert settings.ARCHIVE_DEV_KEY_PATH.exists()
    assert oct(settings.ARCHIVE_DEV_KEY_PATH.stat().st_mode & 0o777) == "0o600"
    assert archive_service.public_key_b64() == first


def test_a_malformed_key_is_a_configuration_error(settings):
    settings.ARCHIVE_SIGNING_KEY = base64.b64encode(b"short").decode()
    with pytest.raises(ImproperlyConfigured):
        archive_service.get_signing_key()
