"""Migration 0004: entries signed with Ed25519 before the agency's certificate are marked `ed25519`, keep their
signature and 20 years of retention, still verify, and stay immutable (SQLite rebuilds the table: the
triggers are created again)."""

import base64
import datetime as dt
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from addons.tiepdan_bridge.models import ArchiveEntry, manifest_bytes
from addons.tiepdan_bridge.services import archive as archive_service

BEFORE = [("tiepdan_bridge", "0003_user_labels")]
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the reference data
def test_an_entry_signed_before_the_migration_is_ed25519_and_still_verifies(settings):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(BEFORE)
        signed_at = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.UTC)
        payload = manifest_bytes(
            type(
                "Old",
                (),
                {
                    "name": "cu.mp4",
                    "original_name": "cu.mp4",
                    "size": 3,
                    "sha256": hashlib.sha256(b"old").hexdigest(),
                    "signed_at": signed_at,
                    "owner_ref": "session:1",
                },
            )()
        )
        public = archive_service.public_key_b64(KEY)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO tiepdan_bridge_archiveentry (name, original_name, size, sha256, signature, public_key,"
                " signed_at, owner_ref, content_type, storage_key) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                [
                    "cu.mp4",
                    "cu.mp4",
                    3,
                    hashlib.sha256(b"old").hexdigest(),
                    base64.b64encode(KEY.sign(payload)).decode(),
                    public,
                    signed_at,
                    "session:1",
                    "video/mp4",
                    "2026/11/cu.mp4",
                ],
            )
        migrate(latest)
        entry = ArchiveEntry.objects.get()
        assert (entry.signature_scheme, entry.retention_years, entry.public_key) == ("ed25519", 20, public)
        settings.ARCHIVE_TRUSTED_PUBLIC_KEYS = [public]
        assert archive_service.verify_signature(entry)
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE tiepdan_bridge_archiveentry SET size = 4")
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM tiepdan_bridge_archiveentry")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        # The flush after this transactional test empties the table (the flush command lifts its triggers).
