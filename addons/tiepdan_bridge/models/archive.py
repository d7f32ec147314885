"""The signed archive: files kept at the provincial bridge (recordings, minutes) and who fetched them.

An entry is written once by `services.archive.store_file` and can never be changed or deleted: not by
save() or delete(), not by QuerySet.update()/delete(), not through the admin or the API, and not by raw
SQL (the project's one append-only mechanism, tiepdan_case/append_only.py; triggers: migration 0007). The owner is an opaque
reference such as "session:12", so this module knows nothing of the modules that use it.

The manifest (the signed bytes) belongs here, with the entry it describes: `manifest_bytes(entry)`. The
archive service imports it from this module, never the other way round.

Retention (NĐ 154 art. 24): each entry keeps `retention_years` (settings.ARCHIVE_RETENTION_YEARS when it
was stored); a legal hold is an `ArchiveHold` row without `released_at` (holds change, entries never do).
"""

import datetime as dt
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet

from .base import scoped_queryset

# The one append-only mechanism of the project (tiepdan_case/append_only.py); the archive's name for it.
ArchiveImmutableError = AppendOnlyError


class ArchiveEntryQuerySet(AppendOnlyQuerySet, scoped_queryset("archive_entries_visible_to")):
    """`visible_to(user)` like every bridge model; nothing that writes to existing rows."""


MANIFEST_VERSION = 1


def manifest_dict(*, name, original_name, size, sha256, signed_at, owner_ref) -> dict:
    return {
        "v": MANIFEST_VERSION,
        "name": name,
        "original_name": original_name,
        "size": int(size),
        "sha256": sha256,
        "signed_at": signed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "owner_ref": owner_ref,
    }


def manifest_bytes(entry) -> bytes:
    """The entry's manifest, the exact bytes signed: JSON of name, original name, size, SHA-256, time and
    owner reference with sorted keys, no spaces, UTF-8 (anyone can rebuild it from the entry)."""
    data = manifest_dict(
        name=entry.name,
        original_name=entry.original_name,
        size=entry.size,
        sha256=entry.sha256,
        signed_at=entry.signed_at,
        owner_ref=entry.owner_ref,
    )
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class SignatureScheme(models.TextChoices):
    CMS = "cms", _("CMS/PKCS#7 with the agency's X.509 certificate")
    ED25519 = "ed25519", _("Ed25519 (before the agency's certificate; verification only)")


class ArchiveEntry(AppendOnlyModel):
    name = models.CharField(_("name"), max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    signature_scheme = models.CharField(_("signature scheme"), max_length=10, choices=SignatureScheme.choices)
    signature = models.TextField(_("signature (base64)"))
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    certificate_sha256 = models.CharField(_("certificate SHA-256 fingerprint"), max_length=64, blank=True)
    public_key = models.CharField(_("public key (Ed25519, base64)"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signed at"), db_index=True)
    owner_ref = models.CharField(
        _("belongs to"), max_length=100, db_index=True, help_text=_('A reference such as "session:12".')
    )
    content_type = models.CharField(_("content type"), max_length=120, default="application/octet-stream")
    retention_years = models.PositiveSmallIntegerField(_("retention period (years)"))
    storage_key = models.CharField(_("storage key"), max_length=255, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stored by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ArchiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("archive entry")
        verbose_name_plural = _("signed archive")
        ordering = ["-signed_at", "-id"]
        indexes = [models.Index(fields=["original_name", "sha256"], name="tiepdan_archive_orig_sha_idx")]
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_years__gte=1), name="tiepdan_archive_retention_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(signature_scheme__in=["cms", "ed25519"]),
                name="tiepdan_archive_scheme_known",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def retain_until(self) -> dt.date:
        """The first day the entry may be considered for disposal (signature date + retention years)."""
        signed = timezone.localtime(self.signed_at).date()
        try:
            return signed.replace(year=signed.year + self.retention_years)
        except ValueError:  # 29 February
            return signed.replace(year=signed.year + self.retention_years, day=28)

    def manifest(self) -> bytes:
        return manifest_bytes(self)


class ArchiveAccessLogQuerySet(AppendOnlyQuerySet, scoped_queryset("archive_access_logs_visible_to")):
    pass


class ArchiveAccessLog(AppendOnlyModel):
    """Who fetched or played an entry: append-only like the entries."""

    class Action(models.TextChoices):
        DOWNLOAD = "download", _("Downloaded")
        PLAY = "play", _("Played")

    entry = models.ForeignKey(
        ArchiveEntry, verbose_name=_("archive entry"), on_delete=models.PROTECT, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, default=Action.DOWNLOAD)

    objects = ArchiveAccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("archive access")
        verbose_name_plural = _("archive access log")
        ordering = ["-at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.entry_id}"


class ArchiveHold(models.Model):
    """A legal hold on an entry (a dispute, an inspection): while it is not released the entry is never a
    disposal candidate, whatever its retention period."""

    entry = models.ForeignKey(
        ArchiveEntry, verbose_name=_("archive entry"), on_delete=models.PROTECT, related_name="holds"
    )
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("placed by"), on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    release_reason = models.TextField(_("reason for the release"), blank=True)

    objects = scoped_queryset("archive_holds_visible_to").as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-id"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(released_at__isnull=True),
                name="tiepdan_archive_one_open_hold",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="tiepdan_archive_hold_reason"),
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.reason[:40]}"
