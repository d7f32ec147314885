"""Dashboard figures kept for a few minutes (issue 13): the medians of the managers' dashboard are scans
over ten years of agenda items or directives (0.1–0.3 s each at a million cases), so one computed value is
kept per statement (services/stored_figures.py) and recomputed once it is older than
`stored_figures.FRESH_FOR`.

The key is a hash of the figure's name and the full SQL statement with its parameters, scope included: two
users share a row only when their dashboards run the very same statement (the same scope), so a figure is
never shown to a user whose scope differs from the one it was computed for. Only the number and the time it
was computed are kept, no row of a case. Written on the primary (the router's `db_for_write`), read where
the dashboard reads (the replica when configured)."""

from django.db import models


class StoredFigure(models.Model):
    key = models.CharField(max_length=64, primary_key=True)
    value = models.FloatField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = "dashboard figure"
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.key[:12]} = {self.value} ({self.computed_at:%Y-%m-%d %H:%M})"
