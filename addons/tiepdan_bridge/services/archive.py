"""The signed archive (NĐ 154 art. 24): store a file once, hash it while streaming, sign its metadata.

- `store_file(stream, name, owner_ref, actor)`: reads the stream in chunks, hashing each chunk with
  SHA-256 while the storage writes it (the file is never held in memory), then signs the canonical JSON
  of (name, original name, size, SHA-256, time, owner reference) with the Ed25519 key of settings.
- `verify_signature(entry)`, `verify_entry(entry)`, `verify_all()`: re-check signatures and re-hash files.
- Storage from settings.ARCHIVE_STORAGE: "filesystem" (ARCHIVE_ROOT) or "s3" (django-storages).
  Files get a random key and are never overwritten.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import mimetypes
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.services.audit import record_event

from ..models.archive import ArchiveEntry

CHUNK_SIZE = 1024 * 1024
OWNER_REF_MAX = 100


# --------------------------------------------------------------------------------------------- keys
def _dev_key_path() -> Path:
    return Path(
        getattr(settings, "ARCHIVE_DEV_KEY_PATH", "") or settings.BASE_DIR / "var" / "archive-dev.key"
    )


def _dev_key_allowed() -> bool:
    # settings.DEBUG is forced off while tests run; ARCHIVE_ALLOW_DEV_KEY keeps the value DEBUG had at start.
    return bool(settings.DEBUG or getattr(settings, "ARCHIVE_ALLOW_DEV_KEY", False))


def _load_or_create_dev_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(base64.b64encode(secrets.token_bytes(32)).decode("ascii") + "\n")
        try:
            os.link(tmp, path)  # fails if another process won the race; theirs is kept
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip().encode("ascii")


def get_signing_key() -> Ed25519PrivateKey:
    """The Ed25519 key from settings.ARCHIVE_SIGNING_KEY (base64 of 32 raw bytes).

    Only in development and tests, when the setting is empty, a key kept in var/archive-dev.key
    (created on first use). In production a missing key is a configuration error.
    """
    encoded = (settings.ARCHIVE_SIGNING_KEY or "").strip().encode("ascii")
    if not encoded:
        if not _dev_key_allowed():
            raise ImproperlyConfigured("ARCHIVE_SIGNING_KEY must be set (base64 of a 32-byte Ed25519 key).")
        encoded = _load_or_create_dev_key(_dev_key_path())
    try:
        raw = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise ImproperlyConfigured("ARCHIVE_SIGNING_KEY is not valid base64.") from None
    if len(raw) != 32:
        raise ImproperlyConfigured("ARCHIVE_SIGNING_KEY must decode to exactly 32 bytes.")
    return Ed25519PrivateKey.from_private_bytes(raw)


@checks.register(checks.Tags.security, deploy=True)
def check_signing_key(app_configs=None, **kwargs):
    """`manage.py check --deploy`: the archive cannot sign anything without its key."""
    try:
        get_signing_key()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="tiepdan_bridge.E001")]
    return []


def public_key_b64(private_key: Ed25519PrivateKey | None = None) -> str:
    key = (private_key or get_signing_key()).public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def generate_key_b64() -> str:
    """A new key for ARCHIVE_SIGNING_KEY (printed by `manage.py verify_archive --new-key`)."""
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


# ------------------------------------------------------------------------------------------ storage
def get_archive_storage():
    backend = (settings.ARCHIVE_STORAGE or "filesystem").strip().lower()
    if backend == "filesystem":
        return FileSystemStorage(
            location=str(settings.ARCHIVE_ROOT),
            base_url=None,
            file_permissions_mode=0o440,
            directory_permissions_mode=0o750,
            allow_overwrite=False,
        )
    if backend == "s3":
        from storages.backends.s3 import S3Storage

        if not settings.AWS_STORAGE_BUCKET_NAME:
            raise ImproperlyConfigured("ARCHIVE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
        return S3Storage(
            bucket_name=settings.AWS_STORAGE_BUCKET_NAME,
            endpoint_url=settings.AWS_S3_ENDPOINT_URL,
            file_overwrite=False,
            default_acl="private",
            querystring_auth=True,
            location=getattr(settings, "ARCHIVE_S3_PREFIX", "archive"),
        )
    raise ImproperlyConfigured(f'ARCHIVE_STORAGE must be "filesystem" or "s3", not {backend!r}.')


class _HashingReader(io.RawIOBase):
    """Wraps a stream: every chunk the storage reads is added to the SHA-256 and the byte count."""

    def __init__(self, stream):
        self._stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def seekable(self):
        return False

    def read(self, size=-1):
        if size is None or size < 0:
            size = CHUNK_SIZE  # never the whole file at once
        # Fill the request unless the stream ends: boto3 (S3 storage) takes a short read for the end of a
        # non-seekable stream, and a network upload hands out whatever has arrived.
        parts, got = [], 0
        while got < size:
            part = self._stream.read(size - got)
            if not part:
                break
            if isinstance(part, str):
                raise TypeError("store_file needs a binary stream")
            parts.append(part)
            got += len(part)
        data = b"".join(parts)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _new_key(storage, original_name: str) -> str:
    suffix = "".join(PurePath(original_name).suffixes[-1:]).lower()
    if not suffix[1:].isalnum() or len(suffix) > 10:
        suffix = ""
    today = timezone.localdate()
    while True:
        key = f"{today:%Y/%m}/{secrets.token_hex(16)}{suffix}"
        if not storage.exists(key):
            return key


# ---------------------------------------------------------------------------------------- signing
def _payload_dict(*, name, original_name, size, sha256, signed_at, owner_ref) -> dict:
    return {
        "v": 1,
        "name": name,
        "original_name": original_name,
        "size": int(size),
        "sha256": sha256,
        "signed_at": signed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "owner_ref": owner_ref,
    }


def canonical_payload(entry) -> bytes:
    """The signed bytes: JSON with sorted keys, no spaces, UTF-8 (anyone can rebuild it from the entry)."""
    data = _payload_dict(
        name=entry.name,
        original_name=entry.original_name,
        size=entry.size,
        sha256=entry.sha256,
        signed_at=entry.signed_at,
        owner_ref=entry.owner_ref,
    )
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def trusted_public_keys() -> set[str]:
    """The configured key's public half, plus earlier ones kept after a key change
    (settings.ARCHIVE_TRUSTED_PUBLIC_KEYS, base64)."""
    return {public_key_b64(), *getattr(settings, "ARCHIVE_TRUSTED_PUBLIC_KEYS", ())}


def verify_signature(entry, public_key: str | None = None) -> bool:
    """Does the entry's signature match its metadata under `public_key`? By default: under the key the
    entry names, if that key is trusted (the configured one or an earlier trusted one)."""
    if public_key is None:
        trusted = trusted_public_keys()
        if entry.public_key not in trusted:
            return False
        public_key = entry.public_key
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(entry.signature), canonical_payload(entry))
    except (InvalidSignature, ValueError):
        return False
    return True


# ------------------------------------------------------------------------------------------ store
def _clean_text(value: str, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def store_file(
    stream, name: str, owner_ref: str, actor=None, *, original_name: str = "", content_type: str = ""
):
    """Store `stream` (binary, read in chunks) in the archive and return the signed ArchiveEntry."""
    original_name = _clean_text(PurePath(original_name or name or "").name, 255)
    name = _clean_text(name or original_name, 255)
    owner_ref = _clean_text(owner_ref, OWNER_REF_MAX)
    if not name:
        raise ValidationError(_("Enter a name for the archived file."), code="name")
    if not owner_ref:
        raise ValidationError(_("Enter what the file belongs to (e.g. session:12)."), code="owner_ref")
    content_type = (content_type or mimetypes.guess_type(original_name)[0] or "application/octet-stream")[
        :120
    ]
    key = get_signing_key()  # fail before writing anything when the key is missing
    storage = get_archive_storage()
    storage_key = _new_key(storage, original_name)
    reader = _HashingReader(stream)
    saved_key = storage.save(storage_key, File(reader, name=storage_key))
    try:
        signed_at = timezone.now().replace(microsecond=0)
        entry = ArchiveEntry(
            name=name,
            original_name=original_name or name,
            size=reader.size,
            sha256=reader.sha256.hexdigest(),
            signed_at=signed_at,
            owner_ref=owner_ref,
            content_type=content_type,
            storage_key=saved_key,
            public_key=public_key_b64(key),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        entry.signature = base64.b64encode(key.sign(canonical_payload(entry))).decode("ascii")
        with transaction.atomic():
            entry.save()
            record_event(
                entry,
                actor,
                AuditEvent.Kind.CREATED,
                action="archive",
                changes={"sha256": entry.sha256, "size": entry.size, "owner_ref": entry.owner_ref},
            )
    except BaseException:
        storage.delete(saved_key)  # the file never became an entry
        raise
    return entry


def hash_stream(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def open_entry(entry):
    return get_archive_storage().open(entry.storage_key, "rb")


# ----------------------------------------------------------------------------------------- verify
@dataclass
class VerifyReport:
    checked: int = 0
    ok: int = 0
    mismatched: list = field(default_factory=list)  # (entry, sha256 found, size found)
    missing: list = field(default_factory=list)  # entries
    bad_signature: list = field(default_factory=list)  # entries

    @property
    def problems(self) -> int:
        return len(self.mismatched) + len(self.missing) + len(self.bad_signature)


def verify_entry(entry, storage=None, public_key=None) -> tuple[str, str, int]:
    """("ok" | "missing" | "mismatch" | "bad_signature", sha256 found, size found)."""
    storage = storage or get_archive_storage()
    if not verify_signature(entry, public_key):
        return "bad_signature", "", 0
    try:
        with storage.open(entry.storage_key, "rb") as fh:
            found, size = hash_stream(fh)
    except (FileNotFoundError, OSError):
        return "missing", "", 0
    except Exception as exc:  # S3: botocore ClientError 404 and friends
        if "404" in str(exc) or "NoSuchKey" in str(exc) or "Not Found" in str(exc):
            return "missing", "", 0
        raise
    if found != entry.sha256 or size != entry.size:
        return "mismatch", found, size
    return "ok", found, size


def verify_all(queryset=None) -> VerifyReport:
    """Re-hash every file and check every signature; never stops at the first problem."""
    storage = get_archive_storage()
    report = VerifyReport()
    qs = ArchiveEntry.objects.all() if queryset is None else queryset
    for entry in qs.order_by("pk").iterator(chunk_size=500):
        report.checked += 1
        status, found, size = verify_entry(entry, storage)
        if status == "ok":
            report.ok += 1
        elif status == "missing":
            report.missing.append(entry)
        elif status == "mismatch":
            report.mismatched.append((entry, found, size))
        else:
            report.bad_signature.append(entry)
    return report
