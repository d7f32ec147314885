import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.append_only import AppendOnlyModel, AppendOnlyQuerySet
from addons.tiepdan_case.models.base import scoped_queryset


class DocumentKind(models.TextChoices):
    """The official documents the system issues (DESIGN.md "Official documents")."""

    REFUSAL_NOTICE = "tu_choi", _("Refusal notice (Form 01/TCD)")
    RECEIPT = "bien_nhan", _("Receipt of information and documents (Form 02/TCD)")
    SCHEDULE_NOTICE = "lich_tiep", _("Notice of the reception schedule")
    INVITATION = "giay_moi", _("Invitation to a citizen")
    COMMUNE_INVITATIONS = "giay_moi_xa", _("Invitations of a commune (one file)")
    AGENCY_INVITATION = "giay_moi_co_quan", _("Invitation to an agency")
    MINUTES = "bien_ban", _("Minutes of the reception session")
    CONCLUSIONS = "ket_luan", _("Notice of the chair's conclusions")


# Documents about a session (the session module's data); the others are about a case or a reception.
SESSION_KINDS = frozenset(
    {
        DocumentKind.SCHEDULE_NOTICE,
        DocumentKind.INVITATION,
        DocumentKind.COMMUNE_INVITATIONS,
        DocumentKind.AGENCY_INVITATION,
        DocumentKind.MINUTES,
        DocumentKind.CONCLUSIONS,
    }
)


def document_path(instance, filename):
    # A random name: nothing about the citizen in the path.
    return f"report-documents/{instance.year}/{secrets.token_hex(16)}.pdf"


class IssuedDocumentQuerySet(
    AppendOnlyQuerySet, scoped_queryset("documents_visible_to", "addons.tiepdan_report.scoping")
):
    pass


class IssuedDocument(AppendOnlyModel):
    """An issued document, kept: its number, its bytes and their SHA-256. A re-print serves these bytes,
    never a new rendering; a correction is a new document with a new number that names this one.

    Append-only (tiepdan_case/append_only.py, trigger of migration 0006): a row is final from its insert —
    signed or not, draft or not, it is never edited or deleted. A draft is superseded by the issued
    document that names it in `replaces`, a mistake by a corrected issue."""

    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    code = models.CharField(_("code"), max_length=30, help_text=_("The part after the number: TB-BTCD."))
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    issuer = models.ForeignKey(
        "tiepdan_case.Agency", verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    case = models.ForeignKey(
        "tiepdan_case.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    reception = models.ForeignKey(
        "tiepdan_case.Reception",
        verbose_name=_("reception"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("reception session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    invitation = models.ForeignKey(
        "tiepdan_session.Invitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    session_agency = models.ForeignKey(
        "tiepdan_session.SessionAgency",
        verbose_name=_("invited agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commune whose invitations the file holds."),
    )
    names_citizen = models.BooleanField(
        _("names a citizen"),
        default=True,
        help_text=_("Shown only to whoever may see the citizen's identity in this case."),
    )
    draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("Prepared by the system for signing; the issued document gets the number."),
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    signed = models.BooleanField(_("digitally signed"), default=False)
    signer = models.CharField(_("signing certificate"), max_length=255, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "code", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="document_number_unique_per_year",
                violation_error_message=_("This number is already used this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(session__isnull=False)
                | models.Q(invitation__isnull=True, session_agency__isnull=True, unit__isnull=True),
                name="document_session_parts_need_session",
                violation_error_message=_("An invitation document belongs to its session."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "-issued_on"])]
        permissions = [("export_statistics", "Can export the periodic statistics (Biểu 01, 02/TCD)")]

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.number else self.title

    @property
    def reference(self) -> str:
        """`05/TB-BTCD`, as the document prints it after `Số:`."""
        return f"{self.number:02d}/{self.code}" if self.number else ""

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "replaced_by")
