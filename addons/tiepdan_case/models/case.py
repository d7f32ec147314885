from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from config.formats import bounds

from ..choices import (
    AUTHORISED_ROLES,
    ORGANISATION_REPRESENTATIVE,
    CaseState,
    CaseType,
    Channel,
    Eligibility,
    ParticipantRole,
    RefusalGround,
)
from ..services.uploads import random_name
from ..text import search_key
from ..validators import future_receipt_error
from .base import scoped_queryset
from .deletion import ALIVE, SoftDeletable, deletion_constraint

S = CaseState
_UNLOADED = object()  # a deferred column, not read from the database
BEFORE_RECEIVED = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.SCHEDULED]
GROUP_MIN_SIZE = 5


def refresh_secret_only(citizen_ids) -> None:
    """Recompute `Citizen.only_in_secret_cases` for these citizens from their participations: in at least
    one case, and only in cases whose denouncer is secret (`scoping.secret_identity_q`, the one shield
    predicate). Called wherever a participation appears, disappears or moves, and when a case's type
    changes: one UPDATE, inside the caller's transaction."""
    from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef

    from ..scoping import secret_identity_q
    from .citizen import Citizen

    ids = {pk for pk in citizen_ids if pk is not None}
    if not ids:
        return
    secret = secret_identity_q("case__")
    theirs = CaseParticipant.objects.filter(citizen_id=OuterRef("pk"))
    # A deleted case links its people to nobody (every visible_to leaves it out): only a live case that is
    # not secret makes a citizen reachable. A secret case counts deleted or not — a denouncer whose other
    # cases are all deleted stays hidden, and restoring a case refreshes its people again.
    openly = theirs.filter(case__deleted_at__isnull=True).exclude(secret)
    flag = ExpressionWrapper(Exists(theirs.filter(secret)) & ~Exists(openly), output_field=BooleanField())
    Citizen.objects.filter(pk__in=ids).update(only_in_secret_cases=flag)


def _citizens_of_cases(case_ids) -> set:
    return set(CaseParticipant.objects.filter(case_id__in=case_ids).values_list("citizen_id", flat=True))


# The case columns `refresh_secret_only` reads: a change of either may hide or show the case's people.
FLAG_COLUMNS = ("case_type", "deleted_at")


class CaseQuerySet(scoped_queryset("cases_visible_to", soft_delete=True)):
    def update(self, **kwargs):
        if not set(FLAG_COLUMNS) & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):  # a retyped, deleted or restored case: its people follow
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            refresh_secret_only(_citizens_of_cases(ids))
        return count


class Case(FSMModelMixin, SoftDeletable, models.Model):
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
    # Luật TCD art. 1: an agency or organisation complains, recommends or reports too, through the person
    # representing it (a participant with role `dai_dien_to_chuc`, NĐ 154 art. 13.1). A denouncer is always
    # an individual (Luật Tố cáo art. 2.4).
    organisation_name = models.CharField(
        _("applicant organisation"),
        max_length=255,
        blank=True,
        help_text=_(
            "When an agency or organisation is the applicant: its full name. Leave blank for a person."
        ),
    )
    organisation_address = models.CharField(_("organisation's address"), max_length=255, blank=True)
    is_group = models.BooleanField(_("many people (group)"), default=False)
    group_size = models.PositiveIntegerField(_("number of people"), default=1)
    representatives_appointment = models.CharField(
        _("written appointment of representatives"),
        max_length=255,
        blank=True,
        help_text=_(
            "The document signed by the group that appoints its representatives: number, date, signatories "
            "(Law on Citizen Reception arts. 29–30)."
        ),
    )
    representatives_appointment_file = models.ForeignKey(
        "tiepdan_case.CaseAttachment",
        verbose_name=_("scanned appointment of representatives"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("One of this case's documents."),
    )
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
    wishes_online = models.BooleanField(
        _("citizen wishes to be received online"),
        default=False,
        help_text=_("Needed for the remote-area / vulnerable-citizen eligibility (Decree 154 art. 20.2)."),
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
    refusal_notice_due = models.DateField(
        _("refusal notice due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The written refusal notice (Mẫu 01/TCD) within 3 working days (Decree 154 art. 4.3)."),
    )
    refusal_notice_number = models.CharField(_("refusal notice number"), max_length=60, blank=True)
    refusal_notice_date = models.DateField(_("refusal notice issued on"), null=True, blank=True)
    needs_verification = models.BooleanField(
        _("needs checking and verification"),
        default=False,
        help_text=_("A denunciation that must be checked first: initial processing within 10 working days."),
    )
    processing_due = models.DateField(
        _("initial processing due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Denunciation: 7 working days after receipt, 10 with verification (Law on Denunciation art. 24)."
        ),
    )
    processing_done_on = models.DateField(_("initial processing done on"), null=True, blank=True)
    forwarding_due = models.DateField(
        _("forwarding due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Denunciation outside competence: forwarded within 5 working days after receipt (Law on "
            "Denunciation art. 24)."
        ),
    )
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
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
            # read the index instead of sorting the table. Partial on the live rows, as every
            # `visible_to` asks (soft delete, issue 12): a count or a page of ids is an index-only scan.
            models.Index(fields=["-received_date", "-id"], condition=ALIVE, name="case_alive_received"),
            models.Index(
                fields=["unit", "-received_date", "-id"], condition=ALIVE, name="case_alive_unit_received"
            ),
            # The list's state + type filters, across the province and inside one commune (issue 13).
            models.Index(
                fields=["state", "case_type", "-received_date", "-id"],
                condition=ALIVE,
                name="case_alive_state_type",
            ),
            models.Index(
                fields=["unit", "state", "case_type", "-received_date", "-id"],
                condition=ALIVE,
                name="case_alive_unit_state_type",
            ),
            # The few cases moved away from the commune that registered them (it still sees them): fetched
            # by id first, so a commune's list is `unit_id = X` on the indexes above (scoping.case_scope_q).
            models.Index(
                fields=["registered_unit"],
                condition=~models.Q(registered_unit=models.F("unit")),
                name="case_moved_away",
            ),
        ]
        constraints = [
            deletion_constraint("case"),
            models.CheckConstraint(
                condition=models.Q(identity_protection=False) | models.Q(case_type=CaseType.TO_CAO),
                name="case_protection_only_for_denunciation",
                violation_error_message=_("Identity protection applies only to denunciations."),
            ),
            models.CheckConstraint(
                condition=models.Q(organisation_name="") | ~models.Q(case_type=CaseType.TO_CAO),
                name="case_denouncer_is_a_person",
                violation_error_message=_(
                    "A denouncer is always an individual (Law on Denunciation art. 2.4): an organisation "
                    "cannot be the applicant of a denunciation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(organisation_name="") | ~models.Q(organisation_address=""),
                name="case_organisation_has_address",
                violation_error_message=_("Enter the address of the applicant organisation."),
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
            models.CheckConstraint(
                condition=(models.Q(refusal_notice_number="") & models.Q(refusal_notice_date__isnull=True))
                | (~models.Q(refusal_notice_number="") & models.Q(refusal_notice_date__isnull=False)),
                name="case_refusal_notice_number_and_date",
                violation_error_message=_("A refusal notice is recorded with both its number and its date."),
            ),
            models.CheckConstraint(
                condition=~models.Q(eligibility__in=[Eligibility.TTG_CHI_DAO, Eligibility.DA_GIAI_QUYET_DUNG])
                | models.Q(case_type=CaseType.KHIEU_NAI),
                name="case_complaint_eligibility_fits",
                violation_error_message=_(
                    "This eligibility applies only to a complaint (provincial plan II.4)."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    eligibility__in=[
                        Eligibility.PHUC_TAP_NHIEU_CO_QUAN,
                        Eligibility.VUNG_KHO_KHAN,
                        Eligibility.DONG_NGUOI_CHUA_GIAI_QUYET,
                        Eligibility.DONG_NGUOI_HET_THAM_QUYEN,
                    ]
                )
                | ~models.Q(case_type=CaseType.TO_CAO),
                name="case_non_denunciation_eligibility_fits",
                violation_error_message=_(
                    "This eligibility applies only to a complaint, recommendation or report (Decree 154 art. 20)."
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

    @property
    def is_organisation(self) -> bool:
        return bool((self.organisation_name or "").strip())

    def clean(self):
        super().clean()
        if not bounds.in_bounds(self.received_date):
            raise ValidationError({"received_date": bounds.bounds_message()})
        errors = {}
        future = future_receipt_error(self.received_date)
        if future:
            errors["received_date"] = future
        self.organisation_name = (self.organisation_name or "").strip()
        self.organisation_address = (self.organisation_address or "").strip()
        if self.organisation_name and self.case_type == CaseType.TO_CAO:
            errors["organisation_name"] = _(
                "A denouncer is always an individual (Law on Denunciation art. 2.4): an organisation "
                "cannot be the applicant of a denunciation."
            )
        elif self.organisation_name and not self.organisation_address:
            errors["organisation_address"] = _("Enter the address of the applicant organisation.")
        elif self.organisation_address and not self.organisation_name:
            errors["organisation_name"] = _("Enter the name of the applicant organisation.")
        if errors:
            raise ValidationError(errors)

    def refresh_search_text(self):
        self.search_text = search_key(self.code, self.title)

    def refresh_group_flag(self):
        # 5 or more people raising one matter are a group (Luật TCD art. 30).
        self.is_group = self.group_size >= GROUP_MIN_SIZE

    @classmethod
    def from_db(cls, db, field_names, values):
        case = super().from_db(db, field_names, values)
        # To notice on save a change of type, or a deletion or restore (the citizens' flag follows).
        case._stored_flag_columns = tuple(case.__dict__.get(name, _UNLOADED) for name in FLAG_COLUMNS)
        return case

    def _flag_columns_moved(self) -> bool:
        stored = getattr(self, "_stored_flag_columns", None)
        if self.pk is None or stored is None:
            return False
        was_type, was_deleted_at = stored
        if was_type is not _UNLOADED and was_type != self.case_type:
            return True
        return was_deleted_at is not _UNLOADED and (was_deleted_at is None) != (self.deleted_at is None)

    def save(self, *args, **kwargs):
        if self.registered_unit_id is None:
            self.registered_unit_id = self.unit_id
        self.refresh_group_flag()
        self.refresh_search_text()
        moved = self._flag_columns_moved()
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if moved:  # a denunciation no more or a new one, deleted or restored: its people's flag follows
                refresh_secret_only(_citizens_of_cases([self.pk]))
        self._stored_flag_columns = tuple(self.__dict__.get(name, _UNLOADED) for name in FLAG_COLUMNS)

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

    @transition(field=state, source=[S.SUBMITTED, S.ACCEPTED], target=S.IN_PERSON)
    def send_in_person(self):
        """Lawful but unfit for online reception (NĐ 154 art. 20): handled at the regular, in-person
        reception instead. Not a refusal (Luật TCD art. 9): the citizen is still received."""

    @transition(field=state, source=BEFORE_RECEIVED, target=S.WITHDRAWN)
    def withdraw(self):
        pass


class ParticipantQuerySet(scoped_queryset("participants_visible_to")):
    # Every way a participation appears or moves keeps `Citizen.only_in_secret_cases` (deletions, cascades
    # included, through the post_delete receiver below).
    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            refresh_secret_only(p.citizen_id for p in created)
        return created

    def update(self, **kwargs):
        if not {"case", "case_id", "citizen", "citizen_id"} & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            before = set(self.values_list("citizen_id", flat=True))
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            after = set(CaseParticipant.objects.filter(pk__in=ids).values_list("citizen_id", flat=True))
            refresh_secret_only(before | after)
        return count


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
            "For a proxy or lawyer: the power of attorney or card and assignment; for an organisation's "
            "representative: the paper naming its head or the head's authorisation — with number and date."
        ),
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen in the case")
        verbose_name_plural = _("citizens in the case")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "citizen"],
                name="participant_once_per_case",
                violation_error_message=_("This citizen is already in the case."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=list(AUTHORISED_ROLES)) | ~models.Q(authorization_document=""),
                name="participant_proxy_has_authorisation",
                violation_error_message=_(
                    "A proxy or lawyer must show their authorisation document (Decree 154 art. 13)."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(role=ORGANISATION_REPRESENTATIVE) | ~models.Q(authorization_document=""),
                name="participant_organisation_representative_has_paper",
                violation_error_message=_(
                    "The representative of an organisation shows the paper that proves it: the decision "
                    "naming its head or the head's authorisation (Decree 154 art. 13.1)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.citizen} ({self.get_role_display()})"

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._stored_citizen_id = row.__dict__.get("citizen_id")
        return row

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            refresh_secret_only({self.citizen_id, getattr(self, "_stored_citizen_id", None)})
        self._stored_citizen_id = self.citizen_id


@receiver(post_delete, sender=CaseParticipant, dispatch_uid="participant_deleted_refreshes_secret_only")
def _participant_deleted(sender, instance, **kwargs):
    # Also for queryset deletes and a case's cascade: a receiver makes Django delete row by row.
    refresh_secret_only([instance.citizen_id])


def attachment_path(instance, filename):
    # A random name: the original name is kept in the row, never in the path.
    return random_name(f"case-attachments/{instance.case_id}")


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
