from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import scoped_queryset


class BudgetStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class BudgetLine(models.Model):
    """A line of the budget estimate for equipping a site; the Department of Finance reviews it."""

    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite",
        verbose_name=_("bridge site"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    item = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.PositiveBigIntegerField(_("unit price (VND)"))
    total = models.PositiveBigIntegerField(_("total (VND)"), editable=False, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.PROPOSED, db_index=True
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = scoped_queryset("budget_lines_visible_to").as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget estimate")
        ordering = ["site__code", "id"]

    def save(self, *args, **kwargs):
        self.total = (self.quantity or 0) * (self.unit_price or 0)
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.item} — {self.site}"
