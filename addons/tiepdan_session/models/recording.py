"""Recordings of a session (NĐ 154 art. 24), the reason when there is none, and the press article.

The file itself is an entry of the bridge module's signed archive (hash, CMS signature, retention, never
changed or deleted); the bridge knows nothing of sessions, so the link lives here: `SessionRecording`
ties one archive entry to a session and, when the recording was cut per item, to an agenda item.
`RecordingWaiver` is the recorded reason why a session has no verified recording (e.g. the recorder
failed), signed off by the chair: only with it may a session close without a recording.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import scoped_queryset


class Verification(models.TextChoices):
    PENDING = "", _("Not verified yet")
    OK = "ok", _("Verified: file and signature intact")
    BAD_SIGNATURE = "bad_signature", _("Signature does not verify")
    MISMATCH = "mismatch", _("File differs from its SHA-256")
    MISSING = "missing", _("File missing from the storage")


class SessionRecording(models.Model):
    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="recordings",
    )
    agenda_item = models.ForeignKey(
        "tiepdan_session.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recordings",
        help_text=_("Only for a recording cut per item; empty for the whole session."),
    )
    entry = models.OneToOneField(
        "tiepdan_bridge.ArchiveEntry",
        verbose_name=_("archive entry"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    verification = models.CharField(
        _("verification"),
        max_length=14,
        choices=Verification.choices,
        default=Verification.PENDING,
        blank=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = scoped_queryset("recordings_visible_to").as_manager()

    class Meta:
        verbose_name = _("session recording")
        verbose_name_plural = _("session recordings")
        ordering = ["session", "agenda_item__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verification="", verified_at__isnull=True)
                | (~models.Q(verification="") & models.Q(verified_at__isnull=False)),
                name="session_recording_verified_when",
            )
        ]

    def __str__(self):
        return self.entry.name


class RecordingWaiver(models.Model):
    """Why the session has no archived, verified recording, and the chair's sign-off (a separate step)."""

    session = models.OneToOneField(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="recording_waiver",
    )
    reason = models.TextField(_("reason there is no recording"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by the chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    objects = scoped_queryset("recording_waivers_visible_to").as_manager()

    class Meta:
        verbose_name = _("reason for a missing recording")
        verbose_name_plural = _("reasons for missing recordings")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="recording_waiver_reason"),
            models.CheckConstraint(
                condition=models.Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | models.Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="recording_waiver_signed_off_both",
            ),
        ]

    def __str__(self):
        return self.reason[:60]

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None
