from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import UnitKind
from ..collation import ViCollate
from .base import scoped_queryset


class AdministrativeUnit(models.Model):
    """The province and its communes and wards, with official codes (Công văn 1027/CTK-CSCL)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = scoped_queryset("units_visible_to").as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = [ViCollate("name")]

    def __str__(self):
        return self.name
