from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserProfile(models.Model):
    """Ties a user to an agency and, for commune users (`ubnd_xa`), to their commune."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    agency = models.ForeignKey(
        "tiepdan_case.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Required for commune users: they see only this commune."),
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    identity_custodian = models.BooleanField(
        _("identity custodian"),
        default=False,
        help_text=_(
            "Decides requests to see a denouncer's identity (besides the chairman). Signs in with two factors."
        ),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)
