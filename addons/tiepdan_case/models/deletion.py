"""Soft delete (issue 12, TEAM.md interface 1): nothing a user does in the back office destroys a record.

`Citizen`, `Case`, `ReceptionSession` and `Directive` carry `deleted_at`, `deleted_by` and
`deletion_reason` (the database checks "deleted_at null ⇔ reason empty"). Their querysets have `.alive()`
and `.deleted()`; every `visible_to(user)` starts from `.alive()`, so no screen, export, dashboard or PDF
shows a deleted row without a filter of its own. A hard delete is refused by the model and the queryset
(`HardDeleteRefused`); rows leave only through `services/deletion.py` (`soft_delete`, `restore`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HardDeleteRefused(Exception):
    """Raised by `delete()` on a soft-deletable row or queryset: use services.deletion.soft_delete."""

    def __init__(self, model=None):
        name = model._meta.verbose_name if model is not None else _("record")
        super().__init__(
            str(_("A %(name)s is never erased: delete it with a recorded reason instead.") % {"name": name})
        )


# The rows every `visible_to` reads: the condition of the partial indexes behind the lists (issue 13).
ALIVE = Q(deleted_at__isnull=True)


class SoftDeleteQuerySetMixin:
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def delete(self):
        raise HardDeleteRefused(self.model)

    delete.queryset_only = True  # never copied onto the manager (Model.objects.delete does not exist)


class SoftDeletable(models.Model):
    """The three fields and the refusal of `delete()`; add `deletion_constraint(...)` to Meta.constraints."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    deletion_reason = models.TextField(_("reason for deletion"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def delete(self, *args, **kwargs):
        raise HardDeleteRefused(type(self))


def deletion_constraint(prefix: str) -> models.CheckConstraint:
    """deleted_at null ⇔ reason empty (and a deleted row always says why)."""
    return models.CheckConstraint(
        condition=(Q(deleted_at__isnull=True) & Q(deletion_reason=""))
        | (Q(deleted_at__isnull=False) & ~Q(deletion_reason="")),
        name=f"{prefix}_deleted_has_reason",
        violation_error_message=_("A deleted record has a reason for its deletion, and only a deleted one."),
    )
