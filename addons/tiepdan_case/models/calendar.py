from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import CalendarDayKind


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday or a compensatory working day."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.name}"
