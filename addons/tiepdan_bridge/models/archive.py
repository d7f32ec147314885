"""The signed archive: files kept at the provincial bridge (recordings, minutes) and who fetched them.

An entry is written once by `services.archive.store_file` and can never be changed or deleted: not by
save() or delete(), not by QuerySet.update()/delete(), not through the admin or the API, and not by raw
SQL (database triggers created in migration 0002_archive). The owner is an opaque reference such as
"session:12", so this module knows nothing of the modules that use it.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .base import scoped_queryset


class ArchiveImmutableError(Exception):
    """Raised on any attempt to change or delete an archive entry."""

    def __init__(self, message=None):
        super().__init__(message or "Archive entries can never be changed or deleted.")


class ArchiveEntryQuerySet(scoped_queryset("archive_entries_visible_to")):
    """`visible_to(user)` like every bridge model; nothing that writes to existing rows."""

    def update(self, **kwargs):
        raise ArchiveImmutableError()

    def delete(self):
        raise ArchiveImmutableError()

    def bulk_update(self, objs, fields, batch_size=None):
        raise ArchiveImmutableError()

    def update_or_create(self, *args, **kwargs):
        raise ArchiveImmutableError()

    update.queryset_only = True
    delete.queryset_only = True


class ArchiveEntry(models.Model):
    name = models.CharField(_("name"), max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    signature = models.TextField(_("signature (Ed25519, base64)"))
    public_key = models.CharField(_("public key (Ed25519, base64)"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"), db_index=True)
    owner_ref = models.CharField(
        _("belongs to"), max_length=100, db_index=True, help_text=_('A reference such as "session:12".')
    )
    content_type = models.CharField(_("content type"), max_length=120, default="application/octet-stream")
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

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise ArchiveImmutableError()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ArchiveImmutableError()

    def signed_payload(self) -> bytes:
        from ..services.archive import canonical_payload

        return canonical_payload(self)


class ArchiveAccessLog(models.Model):
    class Action(models.TextChoices):
        DOWNLOAD = "download", _("Downloaded")

    entry = models.ForeignKey(
        ArchiveEntry, verbose_name=_("archive entry"), on_delete=models.PROTECT, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, default=Action.DOWNLOAD)

    objects = scoped_queryset("archive_access_logs_visible_to").as_manager()

    class Meta:
        verbose_name = _("archive access")
        verbose_name_plural = _("archive access log")
        ordering = ["-at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.entry_id}"


@receiver(pre_save, sender=ArchiveEntry, dispatch_uid="tiepdan_archive_no_update")
def _refuse_update(sender, instance, raw=False, **kwargs):
    if not instance._state.adding or (
        instance.pk is not None and sender._base_manager.filter(pk=instance.pk).exists()
    ):
        raise ArchiveImmutableError()


@receiver(pre_delete, sender=ArchiveEntry, dispatch_uid="tiepdan_archive_no_delete")
def _refuse_delete(sender, instance, **kwargs):
    raise ArchiveImmutableError()
