from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import scoped_queryset


class EquipmentKind(models.TextChoices):
    CAMERA = "camera", _("Camera")
    MICROPHONE = "microphone", _("Microphone")
    SPEAKER = "speaker", _("Speaker")
    DISPLAY = "display", _("Display")
    CODEC = "codec", _("Video-conference codec")
    NETWORK = "network", _("Network link")
    POWER_BACKUP = "power_backup", _("UPS or generator")
    RECORDER = "recorder", _("Recorder")


class EquipmentStatus(models.TextChoices):
    OK = "ok", _("Working")
    FAULTY = "faulty", _("Faulty")
    REPAIR = "repair", _("Under repair")
    MISSING = "missing", _("Missing")


class Equipment(models.Model):
    """One line of a site's equipment inventory."""

    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite",
        verbose_name=_("bridge site"),
        on_delete=models.CASCADE,
        related_name="equipment",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EquipmentKind.choices)
    description = models.CharField(_("make and model"), max_length=200, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=80, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=EquipmentStatus.choices, default=EquipmentStatus.OK
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_queryset("equipment_visible_to").as_manager()

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["site__code", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.site}"
