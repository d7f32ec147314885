from django.db import models


class YearSequence(models.Model):
    """The last number used per (series, year): case codes VV-2026-00001, document numbers 05/TB-UBND."""

    series = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="year_sequence_unique")]

    def __str__(self):
        return f"{self.series}/{self.year}: {self.last_value}"
