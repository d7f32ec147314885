"""The chairman's directives (ý kiến chỉ đạo, thông báo kết luận; NĐ 154 art. 25.2–25.3) and their
follow-up: the lead agency's progress reports, the written answer to the citizen, the board's acceptance.

A directive is drafted at the console (`issued_at` null: only the session office sees it) and issued at
`conclude`; from then on the lead agency reports until `ban_tcd` accepts it as done. Rows change only
through services/directives.py (TEAM.md interface 1).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from addons.tiepdan_case.models.deletion import SoftDeletable, deletion_constraint
from addons.tiepdan_case.services.uploads import random_name

from .base import scoped_queryset


class DirectiveState(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("Being carried out")
    REPORTED = "reported", _("Reported")
    DONE = "done", _("Done")


D = DirectiveState
# The lead agency's turn: the deadline runs (a reported directive waits for the board).
AGENCY_TURN = (D.OPEN, D.IN_PROGRESS)


def answer_path(instance, filename):
    return random_name(f"directive-answers/{instance.session_id}")


def report_path(instance, filename):
    return random_name(f"directive-reports/{instance.directive_id}")


def case_answer_path(instance, filename):
    return random_name(f"case-answers/{instance.case_id}")


class Directive(FSMModelMixin, SoftDeletable, models.Model):
    """One instruction of the chairman about one case, to one lead agency (or commune), by a deadline."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    agenda_item = models.ForeignKey(
        "tiepdan_session.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    case = models.ForeignKey(
        "tiepdan_case.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="directives"
    )
    instruction = models.TextField(_("instruction"))
    redacted_instruction = models.TextField(
        _("instruction as non-handlers read it"),
        blank=True,
        help_text=_("For a denunciation: the instruction without anything identifying the denouncer."),
    )
    lead_agency = models.ForeignKey(
        "tiepdan_case.Agency",
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_directives",
    )
    lead_unit = models.ForeignKey(
        "tiepdan_case.AdministrativeUnit",
        verbose_name=_("lead commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_directives",
        help_text=_("When the commune's People's Committee leads instead of an agency."),
    )
    supporting_agencies = models.ManyToManyField(
        "tiepdan_case.Agency", verbose_name=_("supporting agencies"), blank=True, related_name="+"
    )
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("A date, or leave empty and give working days.")
    )
    working_days = models.PositiveSmallIntegerField(
        _("working days"),
        null=True,
        blank=True,
        help_text=_("Counted on the working-day calendar from the day the directive is issued."),
    )
    must_report = models.BooleanField(_("must report back"), default=True)
    must_answer_citizen = models.BooleanField(_("must answer the citizen in writing"), default=True)
    state = FSMField(
        _("state"), default=D.OPEN, choices=DirectiveState.choices, protected=True, db_index=True
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The lead agency marks the directive reported, with the written answer sent to the citizen.
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_number = models.CharField(_("answer number"), max_length=60, blank=True)
    answer_date = models.DateField(_("answer date"), null=True, blank=True)
    answer_file = models.FileField(_("answer file"), upload_to=answer_path, max_length=255, blank=True)
    answer_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    answer_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The board's decision.
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for sending back"), blank=True, editable=False)
    escalated_at = models.DateTimeField(_("raised to the chair at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_queryset("directives_visible_to", soft_delete=True).as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["state", "deadline"], name="directive_state_deadline")]
        constraints = [
            deletion_constraint("directive"),
            models.CheckConstraint(
                condition=models.Q(lead_agency__isnull=False, lead_unit__isnull=True)
                | models.Q(lead_agency__isnull=True, lead_unit__isnull=False),
                name="directive_one_lead",
                violation_error_message=_("Name exactly one lead: an agency or a commune."),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=False) | models.Q(working_days__gt=0),
                name="directive_has_deadline",
                violation_error_message=_("Give a deadline: a date or a number of working days."),
            ),
            models.CheckConstraint(
                condition=models.Q(issued_at__isnull=True) | models.Q(deadline__isnull=False),
                name="directive_issued_has_date",
                violation_error_message=_("An issued directive has a deadline date."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["reported", "done"])
                | models.Q(must_answer_citizen=False)
                | (~models.Q(answer_number="") & models.Q(answer_date__isnull=False)),
                name="directive_reported_has_answer",
                violation_error_message=_("Enter the number and date of the written answer to the citizen."),
            ),
        ]

    def __str__(self):
        return f"{self.session.code} — {self.case.code} — #{self.pk}"

    @property
    def lead(self):
        return self.lead_agency or self.lead_unit

    @property
    def lead_name(self) -> str:
        """The full name of the lead agency or commune."""
        lead = self.lead
        return getattr(lead, "name", "") or str(lead or "")

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    # Moves (roles and rules: services/directives.py).
    @transition(field=state, source=[D.OPEN, D.IN_PROGRESS], target=D.IN_PROGRESS)
    def report_progress(self):
        pass

    @transition(field=state, source=[D.OPEN, D.IN_PROGRESS], target=D.REPORTED)
    def mark_reported(self):
        pass

    @transition(field=state, source=D.REPORTED, target=D.DONE)
    def accept(self):
        pass

    @transition(field=state, source=D.REPORTED, target=D.IN_PROGRESS)
    def return_(self):
        pass


class DirectiveReport(models.Model):
    """A progress report of the lead agency (or a supporting agency) on a directive, with its document."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="reports"
    )
    text = models.TextField(_("progress"))
    is_final = models.BooleanField(
        _("final report"), default=False, help_text=_("Sent when the directive was marked reported.")
    )
    file = models.FileField(_("file"), upload_to=report_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    agency = models.ForeignKey(
        "tiepdan_case.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    objects = scoped_queryset("directive_reports_visible_to").as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["directive", "created_at", "id"]

    def __str__(self):
        return f"#{self.directive_id} — {self.created_at:%d/%m/%Y}"


class CaseAnswer(models.Model):
    """The written answer to the citizen of a heard case on which the chairman gave no directive; once
    recorded, the case closes (issue 10)."""

    case = models.OneToOneField(
        "tiepdan_case.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="session_answer"
    )
    agenda_item = models.ForeignKey(
        "tiepdan_session.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("answer number"), max_length=60)
    answered_on = models.DateField(_("answer date"))
    file = models.FileField(_("answer file"), upload_to=case_answer_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = scoped_queryset("case_answers_visible_to").as_manager()

    class Meta:
        verbose_name = _("answer to the citizen")
        verbose_name_plural = _("answers to citizens")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.case.code} — {self.number}"
