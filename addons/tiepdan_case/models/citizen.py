from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from ..choices import Gender, IdType
from ..collation import ViCollate
from ..text import search_key
from .base import scoped_queryset
from .deletion import SoftDeletable, deletion_constraint

CitizenQuerySet = scoped_queryset("citizens_visible_to", soft_delete=True)


class Citizen(SoftDeletable, models.Model):
    """A person who comes to reception (NĐ 154 art. 12: name, address, identity paper)."""

    full_name = models.CharField(_("full name"), max_length=120)
    id_type = models.CharField(
        _("identity paper"), max_length=30, choices=IdType.choices, default=IdType.CAN_CUOC
    )
    id_number = models.CharField(_("identity number"), max_length=20)
    # Mẫu 01/TCD and 02/TCD print "ngày cấp … nơi cấp …" after the paper's number (NĐ 154 art. 12.1).
    id_issued_on = models.DateField(_("identity paper issued on"), null=True, blank=True)
    id_issued_place = models.CharField(
        _("identity paper issued by"),
        max_length=160,
        blank=True,
        help_text=_(
            "The issuing body as the paper says, e.g. Cục Cảnh sát quản lý hành chính về trật tự xã hội."
        ),
    )
    id_issuing_country = models.CharField(
        _("issuing country"),
        max_length=2,
        default="VN",
        blank=True,  # left blank on a căn cước it is VN (clean); a passport must name its country
        help_text=_("Two-letter code (VN, US, KR…). A foreign passport is accepted in its own format."),
    )
    born_abroad = models.BooleanField(
        _("birth registered abroad"),
        default=False,
        help_text=_("Its căn cước then starts with a country code instead of a province code."),
    )
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
    # Derived, never edited: the citizen is in at least one case and every case they are in keeps its
    # denouncer secret (`scoping.secret_identity_q`). A reader of every case who does not handle them all
    # then reaches this citizen only through a case open to them (`scoping.citizens_visible_to`): one
    # column test instead of two EXISTS over 1.6 million participations per list (issue 13). Kept by
    # `models.case.refresh_secret_only` whenever a participation or a case's type changes.
    only_in_secret_cases = models.BooleanField(default=False, editable=False)
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
            deletion_constraint("citizen"),
            # One record per identity paper, deleted or not (a soft-deleted citizen keeps the paper, so a
            # restore never collides). A Vietnamese paper by its number; a passport per issuing country:
            # two countries may print the same passport number.
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~Q(id_type="ho_chieu"),
                name="citizen_unique_identity",
                violation_error_message=_("A citizen with this identity number is already registered."),
            ),
            models.UniqueConstraint(
                fields=["id_type", "id_issuing_country", "id_number"],
                condition=Q(id_type="ho_chieu"),
                name="citizen_unique_passport",
                violation_error_message=_(
                    "A citizen with this passport number from this issuing country is already registered."
                ),
            ),
            # Only a passport comes from another country; a căn cước's country prefix means a birth
            # registered abroad, never a foreign paper.
            models.CheckConstraint(
                condition=Q(id_type="ho_chieu") | Q(id_issuing_country="VN"),
                name="citizen_foreign_paper_is_a_passport",
                violation_error_message=_(
                    "Only a passport may be issued by another country; this paper is issued by Viet Nam (VN)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(born_abroad=False) | Q(id_type="can_cuoc"),
                name="citizen_born_abroad_has_a_can_cuoc",
                violation_error_message=_("“Birth registered abroad” applies only to a căn cước number."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        from ..validators import validate_birth_date, validate_identity

        self.id_number = (self.id_number or "").strip().upper()
        self.id_issuing_country = (self.id_issuing_country or "").strip().upper()
        if not self.id_issuing_country and self.id_type != "ho_chieu":
            self.id_issuing_country = "VN"  # only a passport may come from elsewhere
        self.id_issued_place = (self.id_issued_place or "").strip()
        validate_birth_date(self.date_of_birth)
        validate_identity(
            self.id_type,
            self.id_number,
            self.date_of_birth,
            self.gender,
            born_abroad=self.born_abroad,
            issuing_country=self.id_issuing_country,
            issued_on=self.id_issued_on,
        )

    @property
    def phone_display(self) -> str:
        from ..validators import format_phone

        return format_phone(self.phone)

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.full_name, self.id_number)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The derived flag is written only by refresh_secret_only: a citizen loaded before a
            # participation changed must not write its stale copy back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "only_in_secret_cases"
            ]
        super().save(*args, **kwargs)
