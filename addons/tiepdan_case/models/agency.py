from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AgencyKind
from ..collation import ViCollate
from .base import scoped_queryset


class Agency(models.Model):
    """A body that takes part: the office, the board, departments, police, each commune's UBND, central bodies."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text=_("Only for a commune's People's Committee."),
    )
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Where notifications for this agency are sent (SMTP).")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = scoped_queryset("agencies_visible_to").as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = [ViCollate("name")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="ubnd_xa") | models.Q(unit__isnull=False),
                name="agency_commune_has_unit",
                violation_error_message=_("A commune People's Committee must name its commune."),
            )
        ]

    def __str__(self):
        return self.short_name or self.name
