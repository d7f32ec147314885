from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _


class LockedAccount(AccessAttempt):
    """django-axes' failure counts, seen as the "locked accounts" screen (admin/lockouts.py)."""

    class Meta:
        proxy = True
        verbose_name = _("locked account")
        verbose_name_plural = _("locked accounts")
