from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..append_only import AppendOnlyModel


class AuditEvent(AppendOnlyModel):
    """Who did what, when, to a case, a citizen, a session or a directive. Written only by services; never
    edited or deleted (append_only.py: the model, the queryset and a database trigger refuse it)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        TRANSITION = "transition", _("State change")
        NOTE = "note", _("Note")
        DELETED = "deleted", _("Deleted")
        RESTORED = "restored", _("Restored")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=40, blank=True)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    # PROTECT: a history row never loses who wrote it (and a SET NULL would be an UPDATE the trigger refuses).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action or self.kind}"


class IdentityAccessLog(AppendOnlyModel):
    """Every time a handler saw a protected denouncer's identity unmasked (Luật Tố cáo art. 56). Append-only."""

    case = models.ForeignKey("tiepdan_case.Case", on_delete=models.PROTECT, related_name="identity_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("where"), max_length=40)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("identity access")
        verbose_name_plural = _("identity access log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.channel}"
