from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from ..choices import Gender, IdType
from ..collation import ViCollate
from ..text import search_key
from .base import scoped_queryset

CitizenQuerySet = scoped_queryset("citizens_visible_to")


class Citizen(models.Model):
    """A person who comes to reception (NĐ 154 art. 12: name, address, identity paper)."""

    full_name = models.CharField(_("full name"), max_length=120)
    id_type = models.CharField(
        _("identity paper"), max_length=30, choices=IdType.choices, default=IdType.CAN_CUOC
    )
    id_number = models.CharField(_("identity number"), max_length=20)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=3, choices=Gender.choices)
    phone = PhoneNumberField(_("phone"), region="VN", blank=True)
    address = models.CharField(_("address"), max_length=255)
    unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="citizens",
    )
    # Searched with LIKE '%…%': a trigram index on PostgreSQL (migration 0009), no b-tree.
    search_text = models.CharField(max_length=400, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = [ViCollate("full_name"), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                name="citizen_unique_identity",
                violation_error_message=_("A citizen with this identity number is already registered."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        from ..validators import validate_birth_date, validate_identity

        self.id_number = (self.id_number or "").strip().upper()
        validate_birth_date(self.date_of_birth)
        validate_identity(self.id_type, self.id_number, self.date_of_birth, self.gender)

    @property
    def phone_display(self) -> str:
        from ..validators import format_phone

        return format_phone(self.phone)

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.full_name, self.id_number)
        super().save(*args, **kwargs)
