from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import HandlingDirection, ReceptionKind, RefusalGround
from .base import scoped_queryset

ReceptionQuerySet = scoped_queryset("receptions_visible_to")


class Reception(models.Model):
    """One time citizens were received about a case (lượt tiếp): a row of the sổ tiếp công dân (Mẫu 03/TCD)."""

    case = models.ForeignKey(
        "tiepdan_case.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="receptions"
    )
    received_at = models.DateTimeField(_("received at"))
    place = models.CharField(_("place"), max_length=255)
    kind = models.CharField(
        _("kind of reception"),
        max_length=15,
        choices=ReceptionKind.choices,
        default=ReceptionKind.THUONG_XUYEN,
    )
    by_head = models.BooleanField(
        _("received by the head in person"),
        default=False,
        help_text=_("Unticked: by a delegate or a reception officer."),
    )
    receiving_agency = models.ForeignKey(
        "tiepdan_case.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    received_by = models.CharField(_("received by"), max_length=120)
    people_count = models.PositiveIntegerField(_("number of people"), default=1)
    direction = models.CharField(_("handling direction"), max_length=12, choices=HandlingDirection.choices)
    guided_to = models.CharField(_("guided or forwarded to"), max_length=255, blank=True)
    document_number = models.CharField(_("guidance or transfer letter number"), max_length=60, blank=True)
    refusal_ground = models.CharField(
        _("refusal ground"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    redacted_note = models.TextField(
        _("note (redacted copy)"),
        blank=True,
        help_text=_(
            "For a denunciation: what users who do not handle it read instead of the place and note."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception")
        verbose_name_plural = _("receptions (reception register)")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["-received_at", "-id"], name="reception_received_desc")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_count__gte=1),
                name="reception_people_positive",
                violation_error_message=_("At least one person was received."),
            ),
            models.CheckConstraint(
                condition=~models.Q(direction=HandlingDirection.TU_CHOI) | ~models.Q(refusal_ground=""),
                name="reception_refusal_has_ground",
                violation_error_message=_("A refusal needs its legal ground."),
            ),
            models.CheckConstraint(
                condition=~models.Q(direction__in=[HandlingDirection.HUONG_DAN, HandlingDirection.CHUYEN_DON])
                | ~models.Q(guided_to=""),
                name="reception_guidance_names_body",
                violation_error_message=_("Name the body the citizen was guided or forwarded to."),
            ),
        ]

    def __str__(self):
        return f"{self.case.code} — {self.received_at:%d/%m/%Y}"


class PaperKind(models.TextChoices):
    ORIGINAL = "ban_chinh", _("original")
    COPY = "ban_sao", _("copy")
    CERTIFIED_COPY = "ban_sao_chung_thuc", _("certified copy")


class ReceivedPaper(models.Model):
    """A paper the citizen handed over at a reception (giấy tờ, tài liệu, vật chứng): the rows of the
    receipt Mẫu 02/TCD, which the report module prints from them."""

    reception = models.ForeignKey(
        Reception, verbose_name=_("reception"), on_delete=models.CASCADE, related_name="papers"
    )
    name = models.CharField(_("paper"), max_length=255)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    condition = models.CharField(_("condition"), max_length=120, blank=True)
    kind = models.CharField(
        _("original or copy"), max_length=20, choices=PaperKind.choices, default=PaperKind.COPY
    )
    copies = models.PositiveIntegerField(_("copies"), default=1)

    objects = scoped_queryset("received_papers_visible_to").as_manager()

    class Meta:
        verbose_name = _("paper handed over")
        verbose_name_plural = _("papers handed over")
        ordering = ["reception", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(copies__gte=1),
                name="received_paper_copies_positive",
                violation_error_message=_("At least one copy was handed over."),
            ),
            models.CheckConstraint(
                condition=models.Q(pages__isnull=True) | models.Q(pages__gte=1),
                name="received_paper_pages_positive",
                violation_error_message=_("A paper has at least one page."),
            ),
        ]

    def __str__(self):
        return self.name
