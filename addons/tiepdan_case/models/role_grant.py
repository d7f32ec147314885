from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..append_only import AppendOnlyModel, AppendOnlyQuerySet, AppendOnlyRule
from ..roles import ROLE_NAMES
from .base import scoped_queryset


class RoleGrantRequestQuerySet(AppendOnlyQuerySet, scoped_queryset("role_grants_visible_to")):
    pass


class RoleGrantRequest(AppendOnlyModel):
    """A role that reads case content, asked for by one administrator and granted only when a second,
    different person approves (issue 6, separation of duties). Written only by services/role_grants.py.

    Append-only once decided (append_only.py, trigger of migration 0025): the decision — approved or
    refused, by whom, when, why — is recorded once, in the one move out of "pending", and the row is
    then never changed or deleted (the request itself is also in the account's history rows)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grant_requests",
        verbose_name=_("account"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=20, choices=list(ROLE_NAMES.items()))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    append_only = AppendOnlyRule(open_while=("state", "pending"))

    objects = RoleGrantRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant request")
        verbose_name_plural = _("role grant requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(user=F("requested_by")), name="role_grant_never_for_oneself"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("user"))),
                name="role_grant_decided_by_a_second_person",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(state="pending") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="role_grant_decided_when_not_pending",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(state="pending"), name="role_grant_one_pending"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.get_role_display()} ({self.get_state_display()})"
