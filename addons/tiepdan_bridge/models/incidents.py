from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import scoped_queryset


class IncidentKind(models.TextChoices):
    VIDEO = "video", _("Video lost")
    AUDIO = "audio", _("Audio lost")
    CONNECTION = "connection", _("Connection lost")
    POWER = "power", _("Power cut")
    OTHER = "other", _("Other")


class Incident(models.Model):
    """A site lost video, audio or its connection, and (when `ended_at` is set) came back."""

    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite",
        verbose_name=_("bridge site"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=IncidentKind.choices)
    started_at = models.DateTimeField(_("lost at"), db_index=True)
    ended_at = models.DateTimeField(_("back at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = scoped_queryset("incidents_visible_to").as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="bridge_incident_ends_after_start",
                violation_error_message=_("The site cannot come back before it was lost."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.site} ({self.started_at:%d/%m/%Y %H:%M})"
