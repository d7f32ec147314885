"""The move to the agency's certificate keeps entries signed with the earlier Ed25519 key verifiable
(scheme `ed25519`, while their public key is trusted); new entries are signed with CMS only."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.utils import timezone

from addons.tiepdan_bridge.models import ArchiveEntry, manifest_bytes
from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.tests.archive_support import archive_settings, store  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]

OLD_KEY = bytes(range(32))
OLD_KEY_B64 = base64.b64encode(OLD_KEY).decode("ascii")


def legacy_entry(content=b"old recording") -> ArchiveEntry:
    """An entry as the Ed25519 archive wrote it before the certificate (0004 marks such rows `ed25519`)."""
    import hashlib

    key = Ed25519PrivateKey.from_private_bytes(OLD_KEY)
    entry = ArchiveEntry(
        name="cu.mp4",
        original_name="cu.mp4",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        signed_at=timezone.now().replace(microsecond=0),
        owner_ref="session:1",
        storage_key="legacy/cu.mp4",
        signature_scheme="ed25519",
        public_key=archive_service.public_key_b64(key),
        retention_years=20,
    )
    entry.signature = base64.b64encode(key.sign(manifest_bytes(entry))).decode("ascii")
    entry.save()
    return entry


def test_an_old_entry_verifies_while_its_public_key_is_trusted(settings):
    entry = legacy_entry()
    assert not archive_service.verify_signature(entry)
    settings.ARCHIVE_TRUSTED_PUBLIC_KEYS = [entry.public_key]
    assert archive_service.verify_signature(entry)


def test_a_still_set_old_private_key_only_vouches_for_old_entries_and_signs_nothing_new(settings):
    entry = legacy_entry()
    settings.ARCHIVE_SIGNING_KEY = OLD_KEY_B64
    assert archive_service.verify_signature(entry)
    new = store(b"new")
    assert (new.signature_scheme, new.public_key) == ("cms", "")


def test_a_changed_old_entry_fails_and_verify_all_tells_a_bad_signature_from_a_missing_file(settings):
    entry = legacy_entry()  # its file is not in this test's storage
    assert [e.pk for e in archive_service.verify_all().bad_signature] == [entry.pk]
    settings.ARCHIVE_TRUSTED_PUBLIC_KEYS = [entry.public_key]
    report = archive_service.verify_all()
    assert ([e.pk for e in report.missing], report.bad_signature) == ([entry.pk], [])
    entry.owner_ref = "session:2"
    assert not archive_service.verify_signature(entry)


def test_an_old_entry_cannot_be_exported_as_cms(tmp_path):
    entry = legacy_entry()
    with pytest.raises(CommandError):
        call_command("verify_archive", "--export", str(entry.pk), "--to", str(tmp_path))
