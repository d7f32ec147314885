from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from addons.tiepdan_case.collation import ViCollate

from .base import scoped_queryset


class SiteLevel(models.TextChoices):
    TRUNG_UONG = "trung_uong", _("Central")
    TINH = "tinh", _("Provincial")
    XA = "xa", _("Commune or ward")


video_endpoint_validator = RegexValidator(
    r"^(sips?:[^\s@]+@[^\s]+|sips?:[^\s]+|h323:[^\s]+)$",
    _("Enter a SIP or H.323 address, e.g. sip:room@vc.dongthap.gov.vn or h323:10.0.0.5."),
)


class BridgeSite(models.Model):
    """A bridge site (điểm cầu): a room where people join an online reception session."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=SiteLevel.choices, db_index=True)
    unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bridge_sites",
        help_text=_("The commune or ward where the site is; empty for a site outside the province."),
    )
    address = models.CharField(_("address"), max_length=255)
    host_agency = models.ForeignKey(
        "tiepdan_case.Agency",
        verbose_name=_("host agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bridge_sites",
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (seats)"), null=True, blank=True)
    contact_name = models.CharField(_("technical contact"), max_length=120, blank=True)
    contact_phone = PhoneNumberField(_("technical contact phone"), blank=True)
    video_endpoint = models.CharField(
        _("video-conference endpoint"),
        max_length=255,
        blank=True,
        validators=[video_endpoint_validator],
        help_text=_("SIP or H.323 address, for a site that joins from a hardware codec."),
    )
    can_host = models.BooleanField(
        _("can host"), default=False, help_text=_("Central and provincial sites can host a session.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_queryset("sites_visible_to").as_manager()

    class Meta:
        verbose_name = _("bridge site")
        verbose_name_plural = _("bridge sites")
        ordering = ["level", ViCollate("name")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level="xa") | models.Q(unit__isnull=False),
                name="bridge_commune_site_has_unit",
                violation_error_message=_("A commune site must name its commune or ward."),
            ),
            models.CheckConstraint(
                condition=~models.Q(level="xa") | models.Q(can_host=False),
                name="bridge_commune_site_cannot_host",
                violation_error_message=_("A commune site only takes part; it cannot host."),
            ),
        ]

    def __str__(self):
        return self.name
