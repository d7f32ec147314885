import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from config.formats import bounds

from ..choices import CaseState, CaseType, Channel, Eligibility, ParticipantRole, RefusalGround
from ..text import search_key
from ..validators import future_receipt_error
from .base import scoped_queryset

S = CaseState
BEFORE_RECEIVED = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.SCHEDULED]
GROUP_MIN_SIZE = 5


CaseQuerySet = scoped_queryset("cases_visible_to")


class Case(FSMModelMixin, models.Model):
    """A matter citizens bring (vụ việc): complaint, denunciation, recommendation or report.

    The state moves only through `services.case_workflow.perform`; the methods below only declare which
    moves exist (django-fsm-2), the service adds roles, guards, the row lock and the history row.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    case_type = models.CharField(_("type"), max_length=12, choices=CaseType.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"))
    unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("origin commune or ward"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    received_date = models.DateField(_("received on"))
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.TRUC_TIEP
    )
    is_group = models.BooleanField(_("many people (group)"), default=False)
    group_size = models.PositiveIntegerField(_("number of people"), default=1)
    registered_unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("registering commune or ward"),
        on_delete=models.PROTECT,
        related_name="registered_cases",
        null=True,
        editable=False,
        help_text=_("The commune that registered the case; it stays a handler when the case moves."),
    )
    identity_protection = models.BooleanField(
        _("denouncer asks for protection measures"),
        default=False,
        help_text=_(
            "Only for denunciations (Decree 154 art. 20.4): such a case can never be received online. "
            "Every denouncer's identity is kept secret whether or not this is ticked."
        ),
    )
    eligibility = models.CharField(
        _("eligibility for online reception"), max_length=30, choices=Eligibility.choices, blank=True
    )
    within_provincial_competence = models.BooleanField(_("within provincial competence"), default=True)
    previous_handling = models.TextField(
        _("bodies that already handled it"), blank=True, help_text=_("Which bodies dealt with it, and how.")
    )
    # What a non-handler reads of a denunciation's free text (Luật Tố cáo art. 56: verifiers work on
    # redacted copies), written by a handler. Never computed from the text: until one is written a
    # non-handler reads identity.SECRET_TEXT.
    redacted_title = models.CharField(
        _("title (redacted copy)"),
        max_length=255,
        blank=True,
        help_text=_("What users who do not handle the denunciation read instead of the title."),
    )
    redacted_summary = models.TextField(
        _("summary (redacted copy)"),
        blank=True,
        help_text=_("Without the denouncer's name, address, handwriting or anything that identifies them."),
    )
    redacted_previous_handling = models.TextField(_("earlier handling (redacted copy)"), blank=True)
    is_repeat = models.BooleanField(_("repeated (not the first time)"), default=False)
    state = FSMField(_("state"), default=S.DRAFT, choices=CaseState.choices, protected=True, db_index=True)
    refusal_ground = models.CharField(
        _("refusal ground"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    outcome_due = models.DateField(_("outcome due"), null=True, blank=True, editable=False)
    outcome_notified_on = models.DateField(_("citizen told the outcome on"), null=True, blank=True)
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named handlers"),
        blank=True,
        related_name="handled_cases",
        help_text=_("Users who handle this case besides the board, the chairman and the commune."),
    )
    assigned_agencies = models.ManyToManyField(
        "tiepdan_case.Agency",
        verbose_name=_("agencies preparing the dossier"),
        blank=True,
        related_name="assigned_cases",
    )
    # Searched with LIKE '%…%': a trigram index on PostgreSQL (migration 0009), no b-tree.
    search_text = models.CharField(max_length=600, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_date", "-id"]
        indexes = [
            # The default ordering, and the same inside a commune (a clerk's list): page 1 and deep pages
            # read the index instead of sorting the table.
            models.Index(fields=["-received_date", "-id"], name="case_received_desc"),
            models.Index(fields=["unit", "-received_date", "-id"], name="case_unit_received_desc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(identity_protection=False) | models.Q(case_type=CaseType.TO_CAO),
                name="case_protection_only_for_denunciation",
                violation_error_message=_("Identity protection applies only to denunciations."),
            ),
            models.CheckConstraint(
                condition=models.Q(group_size__gte=1),
                name="case_group_size_positive",
                violation_error_message=_("The number of people must be at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_group=False) | models.Q(group_size__gte=GROUP_MIN_SIZE),
                name="case_group_has_five",
                violation_error_message=_("A group case has at least 5 people."),
            ),
            models.CheckConstraint(
                condition=~models.Q(eligibility=Eligibility.TO_CAO_PHUC_TAP)
                | (models.Q(case_type=CaseType.TO_CAO) & models.Q(identity_protection=False)),
                name="case_to_cao_eligibility_fits",
                violation_error_message=_(
                    "This eligibility is only for a denunciation whose denouncer does not ask for protection."
                ),
            ),
        ]
        permissions = [("transition_case", "Can move cases through the workflow")]

    def __str__(self):
        # str(case) ends up in pickers, logs and other modules' screens: a denunciation's title may name the
        # denouncer, so it is never part of it.
        if self.is_protected:
            return f"{self.code} — {self.get_case_type_display()}"
        return f"{self.code} — {self.title}"

    @property
    def is_protected(self) -> bool:
        """The denouncer's identity is secret (Luật Tố cáo arts. 8.2, 47.2): the default duty for EVERY
        denunciation. The one shield predicate; its queryset twin is `scoping.secret_identity_q`."""
        return self.case_type == CaseType.TO_CAO

    @property
    def asks_protection(self) -> bool:
        """The denouncer asks for protection measures (NĐ 154 art. 20.4): never received online."""
        return self.case_type == CaseType.TO_CAO and self.identity_protection

    def clean(self):
        super().clean()
        if not bounds.in_bounds(self.received_date):
            raise ValidationError({"received_date": bounds.bounds_message()})
        future = future_receipt_error(self.received_date)
        if future:
            raise ValidationError({"received_date": future})

    def refresh_search_text(self):
        self.search_text = search_key(self.code, self.title)

    def refresh_group_flag(self):
        # 5 or more people raising one matter are a group (Luật TCD art. 30).
        self.is_group = self.group_size >= GROUP_MIN_SIZE

    def save(self, *args, **kwargs):
        if self.registered_unit_id is None:
            self.registered_unit_id = self.unit_id
        self.refresh_group_flag()
        self.refresh_search_text()
        super().save(*args, **kwargs)

    # The moves of DESIGN.md "Case states". Guards and roles: services/case_workflow.py.
    @transition(field=state, source=[S.DRAFT, S.RETURNED], target=S.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.ACCEPTED)
    def accept(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.RETURNED)
    def return_(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.REJECTED)
    def reject(self):
        pass

    @transition(field=state, source=S.ACCEPTED, target=S.SCHEDULED)
    def schedule(self):
        pass

    @transition(field=state, source=S.SCHEDULED, target=S.ACCEPTED)
    def unschedule(self):
        pass

    @transition(field=state, source=S.SCHEDULED, target=S.RECEIVED)
    def receive(self):
        pass

    @transition(field=state, source=S.RECEIVED, target=S.FOLLOWING_UP)
    def follow_up(self):
        pass

    @transition(field=state, source=[S.RECEIVED, S.FOLLOWING_UP], target=S.CLOSED)
    def close(self):
        pass

    @transition(field=state, source=BEFORE_RECEIVED, target=S.WITHDRAWN)
    def withdraw(self):
        pass


class CaseParticipant(models.Model):
    """A citizen in a case, with their role (applicant, representative, member)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="participants"
    )
    citizen = models.ForeignKey(
        "tiepdan_case.Citizen",
        verbose_name=_("citizen"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    authorization_document = models.CharField(
        _("authorisation document"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a proxy or lawyer: the power of attorney or card and assignment, with its number and date."
        ),
    )

    objects = scoped_queryset("participants_visible_to").as_manager()

    class Meta:
        verbose_name = _("citizen in the case")
        verbose_name_plural = _("citizens in the case")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "citizen"],
                name="participant_once_per_case",
                violation_error_message=_("This citizen is already in the case."),
            )
        ]

    def __str__(self):
        return f"{self.citizen} ({self.get_role_display()})"


def attachment_path(instance, filename):
    # A random name: the original name is kept in the row, never in the path.
    return f"case-attachments/{instance.case_id}/{secrets.token_hex(16)}"


class CaseAttachment(models.Model):
    """A document the citizen brought or the commune scanned. Allow-listed types, checked by content."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=255, blank=True)
    redacted_name = models.CharField(
        _("name shown to non-handlers"),
        max_length=255,
        blank=True,
        help_text=_("For a denunciation: a name and description that do not identify the denouncer."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = scoped_queryset("attachments_visible_to").as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name
