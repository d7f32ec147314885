"""The signed archive (NĐ 154 art. 24): store a file once, hash it while streaming, sign its manifest.

- `store_file(stream, name, owner_ref, actor)`: reads the stream in chunks, hashing each chunk with
  SHA-256 while the storage writes it (the file is never held in memory), then signs the entry's manifest
  (models.archive.manifest_bytes: name, original name, size, SHA-256, time, owner reference) with the
  agency's X.509 certificate and key (settings.SIGNING_PKCS12_PATH): a detached CMS/PKCS#7 signature
  (art. 24.2: ký số), which `openssl cms -verify` accepts (`export_signature` writes the files it needs).
- Entries signed before the certificate (scheme `ed25519`) stay verifiable: their public key must be
  one of settings.ARCHIVE_TRUSTED_PUBLIC_KEYS (or the public half of a still-set ARCHIVE_SIGNING_KEY).
- `verify_signature(entry)`, `verify_entry(entry)`, `verify_all()`: re-check signatures and re-hash files.
- Retention: `retention_years` from settings.ARCHIVE_RETENTION_YEARS (default 20) on every entry;
  `place_hold` / `release_hold` (legal hold, with a reason and a history row); `expiry_candidates()` only
  lists entries past their time and not on hold — deciding is a person's job, nothing is deleted here.
- Who reads a recording: `can_read_content(user)`; `quan_tri` manages the storage (stores, verifies,
  lists) but never downloads or plays a recording.
- Storage from settings.ARCHIVE_STORAGE: "filesystem" (ARCHIVE_ROOT) or "s3" (django-storages).
  Files get a random key and are never overwritten.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import mimetypes
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
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.errors import Invalid, NotAllowed

from ..models.archive import ArchiveEntry, ArchiveHold, SignatureScheme, manifest_bytes
from ..roles import ARCHIVE_HOLD_ROLES
from . import signing

CHUNK_SIZE = 1024 * 1024
OWNER_REF_MAX = 100

# Who may read (download, play) a recording: not quan_tri, who only manages the storage.
CONTENT_READ_ROLES = frozenset({R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.CHU_TICH})
# Who places and releases a legal hold.
HOLD_ROLES = frozenset(ARCHIVE_HOLD_ROLES)


def can_read_content(user) -> bool:
    """May this user download or play archived files? A role decides, not superuser status: the system
    administrators keep the storage running without reading what is in it."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(user_roles(user) & CONTENT_READ_ROLES)


# Checks a higher module adds for its own entries (e.g. the session module: a recording of a denunciation
# only for the case's handlers). Each is fn(user, entry) -> bool; this module never learns what they mean.
_READ_CHECKS: list = []


def register_read_check(check) -> None:
    if check not in _READ_CHECKS:
        _READ_CHECKS.append(check)


def can_read_entry(user, entry) -> bool:
    """May this user download or play this entry? The reading role, then every registered check."""
    return can_read_content(user) and all(check(user, entry) for check in _READ_CHECKS)


def open_logged(user, entry, action: str = "download"):
    """Open an entry's file for a reader and log the access (download or playback). The caller has checked
    `can_read_entry`; raises FileNotFoundError when the file is gone (then nothing is logged)."""
    from ..models import ArchiveAccessLog

    if not can_read_entry(user, entry):
        raise NotAllowed(_("You may not download or play this archived file (NĐ 154 art. 24)."))
    handle = open_entry(entry)
    ArchiveAccessLog.objects.create(entry=entry, user=user, action=action)
    return handle


def can_hold(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user_roles(user) & HOLD_ROLES)


# --------------------------------------------------------------------------- legacy Ed25519 keys
def _legacy_public_key(encoded: str) -> str | None:
    try:
        raw = base64.b64decode(encoded.strip().encode("ascii"), validate=True)
    except ValueError:
        return None
    if len(raw) != 32:
        return None
    return public_key_b64(Ed25519PrivateKey.from_private_bytes(raw))


def public_key_b64(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def trusted_public_keys() -> set[str]:
    """Public keys (base64) under which entries signed before the agency's certificate still verify:
    settings.ARCHIVE_TRUSTED_PUBLIC_KEYS, the public half of a still-set ARCHIVE_SIGNING_KEY and, in
    development, of the old development key file."""
    keys = {k.strip() for k in getattr(settings, "ARCHIVE_TRUSTED_PUBLIC_KEYS", ()) if k.strip()}
    candidates = [getattr(settings, "ARCHIVE_SIGNING_KEY", "") or ""]
    dev = Path(getattr(settings, "ARCHIVE_DEV_KEY_PATH", "") or settings.BASE_DIR / "var" / "archive-dev.key")
    if signing._dev_allowed() and dev.is_file():
        candidates.append(dev.read_text().strip())
    for encoded in candidates:
        if encoded and (public := _legacy_public_key(encoded)):
            keys.add(public)
    return keys


def _verify_ed25519(entry, public_key: str | None) -> bool:
    if public_key is None:
        if entry.public_key not in trusted_public_keys():
            return False
        public_key = entry.public_key
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(entry.signature), manifest_bytes(entry))
    except (InvalidSignature, ValueError):
        return False
    return True


@checks.register(checks.Tags.security, deploy=True)
def check_signing_key(app_configs=None, **kwargs):
    """`manage.py check --deploy`: the archive cannot sign anything without the agency's certificate."""
    try:
        identity = signing.signing_identity()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="tiepdan_bridge.E001")]
    if problem := signing.certificate_problem(identity):
        return [checks.Error(problem, id="tiepdan_bridge.E002")]
    return []


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
def signature_bytes(entry) -> bytes:
    return base64.b64decode(entry.signature)


def check_signature(entry) -> signing.SignatureCheck:
    """The CMS check of an entry's signature over its manifest (see signing.verify_detached)."""
    if entry.signature_scheme != SignatureScheme.CMS:
        return signing.SignatureCheck(ok=_verify_ed25519(entry, None), reason="ed25519")
    try:
        raw = signature_bytes(entry)
    except ValueError:
        return signing.SignatureCheck(ok=False, reason="the signature cannot be read")
    result = signing.verify_detached(raw, manifest_bytes(entry))
    if result.ok and signing.fingerprint(result.signer) != entry.certificate_sha256:
        return signing.SignatureCheck(ok=False, reason="another certificate than the entry names")
    return result


def verify_signature(entry, public_key: str | None = None) -> bool:
    """Does the entry's signature match its manifest? CMS: under a trusted agency certificate (the
    configured one or an earlier one); Ed25519 (entries from before): under `public_key`, or the key the
    entry names if that key is trusted."""
    if entry.signature_scheme == SignatureScheme.ED25519:
        return _verify_ed25519(entry, public_key)
    return check_signature(entry).ok


def export_signature(entry, folder) -> dict[str, Path]:
    """Write what an outside verifier needs: `<id>.manifest.json` (the signed bytes), `<id>.p7s` (DER
    CMS) and `<id>.chain.pem` (the signer's certificate and chain). Then:
    openssl cms -verify -binary -inform DER -in <id>.p7s -content <id>.manifest.json -CAfile <CA>."""
    if entry.signature_scheme != SignatureScheme.CMS:
        raise ValidationError(_("This entry was signed before the agency's certificate (Ed25519)."))
    from asn1crypto import cms as asn1_cms
    from cryptography import x509

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    der = signature_bytes(entry)
    certs = asn1_cms.ContentInfo.load(der)["content"]["certificates"] or []
    pem = b"".join(
        x509.load_der_x509_certificate(c.chosen.dump()).public_bytes(serialization.Encoding.PEM)
        for c in certs
        if c.name == "certificate"
    )
    paths = {
        "manifest": folder / f"{entry.pk}.manifest.json",
        "signature": folder / f"{entry.pk}.p7s",
        "chain": folder / f"{entry.pk}.chain.pem",
    }
    paths["manifest"].write_bytes(manifest_bytes(entry))
    paths["signature"].write_bytes(der)
    paths["chain"].write_bytes(pem)
    return paths


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
    identity = signing.signing_identity()  # fail before writing anything when the certificate is missing
    if problem := signing.certificate_problem(identity):
        raise ImproperlyConfigured(problem)
    retention = int(getattr(settings, "ARCHIVE_RETENTION_YEARS", 20) or 20)
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
            signature_scheme=SignatureScheme.CMS,
            signer=signing.subject_of(identity.certificate)[:255],
            certificate_sha256=identity.fingerprint,
            retention_years=retention,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        entry.signature = base64.b64encode(signing.sign_detached(manifest_bytes(entry), identity)).decode(
            "ascii"
        )
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


# -------------------------------------------------------------------------------- retention, holds
def _reason(reason: str) -> str:
    reason = " ".join(str(reason or "").split())
    if not reason:
        message = _("Give the reason (NĐ 154 art. 24: a legal hold and its release are recorded with why).")
        raise Invalid(message, fields={"reason": [str(message)]})
    return reason


def open_hold(entry) -> ArchiveHold | None:
    return ArchiveHold.objects.filter(entry=entry, released_at__isnull=True).first()


def place_hold(actor, entry, reason: str) -> ArchiveHold:
    """Put an entry on legal hold: it is no disposal candidate until the hold is released."""
    if not can_hold(actor):
        raise NotAllowed(_("Only the provincial office, the board or the inspectorate place a legal hold."))
    reason = _reason(reason)
    with transaction.atomic():
        locked = ArchiveEntry.objects.select_for_update().get(pk=entry.pk)
        if open_hold(locked) is not None:
            raise Invalid(_("This entry is already on legal hold."))
        hold = ArchiveHold.objects.create(
            entry=locked, reason=reason, placed_by=actor, placed_at=timezone.now()
        )
        record_event(
            locked,
            actor,
            AuditEvent.Kind.CHANGED,
            action="legal_hold",
            changes={"legal_hold": [False, True]},
            note=reason,
        )
    return hold


def release_hold(actor, entry, reason: str) -> ArchiveHold:
    if not can_hold(actor):
        raise NotAllowed(_("Only the provincial office, the board or the inspectorate release a legal hold."))
    reason = _reason(reason)
    with transaction.atomic():
        locked = ArchiveEntry.objects.select_for_update().get(pk=entry.pk)
        hold = ArchiveHold.objects.select_for_update().filter(entry=locked, released_at__isnull=True).first()
        if hold is None:
            raise Invalid(_("This entry is not on legal hold."))
        hold.released_by, hold.released_at, hold.release_reason = actor, timezone.now(), reason
        hold.save(update_fields=["released_by", "released_at", "release_reason"])
        record_event(
            locked,
            actor,
            AuditEvent.Kind.CHANGED,
            action="legal_hold_release",
            changes={"legal_hold": [True, False]},
            note=reason,
        )
    return hold


def expiry_candidates(queryset=None, today=None):
    """Entries whose retention period is over and that are not on legal hold, oldest first. Only a list:
    a person decides what happens to each (nothing here deletes, and entries cannot be deleted)."""
    today = today or timezone.localdate()
    qs = ArchiveEntry.objects.all() if queryset is None else queryset
    qs = qs.exclude(pk__in=ArchiveHold.objects.filter(released_at__isnull=True).values("entry_id"))
    shortest = qs.aggregate(years=Min("retention_years"))["years"]
    if shortest is None:
        return []
    # Only entries signed at least the shortest retention period ago can be due (the rest is not read).
    latest = timezone.make_aware(dt.datetime(today.year - shortest, 12, 31, 23, 59, 59))
    qs = qs.filter(signed_at__lte=latest).order_by("signed_at", "pk")
    return [entry for entry in qs.iterator(chunk_size=500) if entry.retain_until <= today]
