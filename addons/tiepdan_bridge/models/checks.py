from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import scoped_queryset


class CheckKind(models.TextChoices):
    CHAY_THU = "chay_thu", _("Test run")
    TRUOC_GIO = "truoc_gio", _("Final check before the start")


class CheckItem(models.TextChoices):
    NETWORK = "network", _("Network")
    AUDIO_VIDEO = "audio_video", _("Audio and video")
    RECORDING = "recording", _("Recording")
    POWER = "power", _("Power")
    SECURITY = "security", _("Security")


class SiteCheck(models.Model):
    """A check at a site (an event: when, which kind); its items are answered by their agencies."""

    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite",
        verbose_name=_("bridge site"),
        on_delete=models.PROTECT,
        related_name="checks",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CheckKind.choices)
    at = models.DateTimeField(_("checked at"), db_index=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The entry time (when the check was typed in; each answer keeps its own `answered_at`). A check whose
    # time `at` is more than 2 hours before its entry is a late entry (services.checks.LATE_ENTRY_AFTER).
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    late_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("late entry confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    late_confirmed_at = models.DateTimeField(
        _("late entry confirmed at"), null=True, blank=True, editable=False
    )
    late_confirm_reason = models.TextField(
        _("reason the late entry is confirmed"), blank=True, editable=False
    )

    objects = scoped_queryset("site_checks_visible_to").as_manager()

    class Meta:
        verbose_name = _("site check")
        verbose_name_plural = _("site checks")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["site", "kind", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(late_confirmed_at__isnull=True) | ~models.Q(late_confirm_reason=""),
                name="bridge_check_late_confirm_reason",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.site}"


class SiteCheckItem(models.Model):
    """One item of a check, answered pass/fail by a user of the agency that answers for it."""

    site_check = models.ForeignKey(
        SiteCheck, verbose_name=_("site check"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("item"), max_length=12, choices=CheckItem.choices)
    passed = models.BooleanField(_("passed"))
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"))  # the entry time of this answer

    objects = scoped_queryset("check_items_visible_to").as_manager()

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["site_check", "item"]
        constraints = [models.UniqueConstraint(fields=["site_check", "item"], name="bridge_check_item_once")]

    def __str__(self):
        return f"{self.get_item_display()}: {'✓' if self.passed else '✗'}"
