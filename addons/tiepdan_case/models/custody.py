"""Identity custody (issue 12; GlobaLeaks' "identity access request"): a user who does not handle a
denunciation asks, with a reason, to see its denouncer's identity; a custodian grants it for that case
until a date, or denies it, with a reason. Both rows are append-only: never edited, never deleted (the
models refuse it, and a database trigger does too: append_only.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..append_only import AppendOnlyModel


class IdentityAccessRequest(AppendOnlyModel):
    case = models.ForeignKey(
        "tiepdan_case.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="identity_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("identity access request")
        verbose_name_plural = _("identity access requests")
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="identity_request_has_reason")]

    def __str__(self):
        return f"{self.case.code} — {self.at:%d/%m/%Y %H:%M}"


class IdentityAccessDecision(AppendOnlyModel):
    request = models.OneToOneField(
        IdentityAccessRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="decision"
    )
    granted = models.BooleanField(_("granted"))
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField(_("access until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity access decision")
        verbose_name_plural = _("identity access decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="identity_decision_has_reason"),
            # a grant always ends; a refusal has no end date
            models.CheckConstraint(
                condition=Q(granted=True, expires_at__isnull=False)
                | Q(granted=False, expires_at__isnull=True),
                name="identity_grant_expires",
            ),
        ]

    def __str__(self):
        return f"{self.request} — {'+' if self.granted else '-'}"
