from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerJob(models.Model):
    """One row per periodic job (jobs.py): which worker holds it, when it may run next, how it last ended.

    Workers claim a job by locking its row with `SELECT … FOR UPDATE SKIP LOCKED` and writing a lease, so
    two worker containers never run the same job at once; the `heartbeat` row tells `/readyz` a worker lives.
    """

    name = models.CharField(_("job"), max_length=80, unique=True)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True)
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    owner = models.CharField(_("worker"), max_length=120, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_ok = models.BooleanField(_("last run succeeded"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name
