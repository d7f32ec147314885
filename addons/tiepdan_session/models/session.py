from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from addons.tiepdan_case.models.deletion import SoftDeletable, deletion_constraint
from addons.tiepdan_case.services.uploads import random_name

from ..choices import BEFORE_START, ChairCapacity, SessionKind, SessionState
from .base import scoped_queryset

S = SessionState


def authorisation_path(instance, filename):
    return random_name("session-authorisations")


class ReceptionSession(FSMModelMixin, SoftDeletable, models.Model):
    """A reception session of the provincial chairman linking bridge sites (phiên tiếp công dân).

    The state moves only through `services.workflow.perform`; the methods below only declare which moves
    exist. Part 2 (running the session, minutes, directives) adds `start`, `conclude` and `close`.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.DINH_KY
    )
    title = models.CharField(_("title"), max_length=255)
    focus = models.TextField(
        _("focus of the session"),
        blank=True,
        help_text=_("Published on the public schedule: no names, no case content."),
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    chair_capacity = models.CharField(
        _("chair's capacity"), max_length=14, choices=ChairCapacity.choices, default=ChairCapacity.CHU_TICH
    )
    authorisation_number = models.CharField(
        _("authorisation document number"),
        max_length=60,
        blank=True,
        help_text=_("For a vice-chairman: the chairman's written authorisation."),
    )
    authorisation_date = models.DateField(_("authorisation date"), null=True, blank=True)
    authorisation_file = models.FileField(
        _("authorisation document"), upload_to=authorisation_path, max_length=255, blank=True
    )
    host_site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite", verbose_name=_("host site"), on_delete=models.PROTECT, related_name="+"
    )
    central_participation = models.BooleanField(_("the central bridge joins"), default=False)
    central_body = models.ForeignKey(
        "tiepdan_case.Agency",
        verbose_name=_("central body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "trung_uong"},
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("note-taker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Keeps the minutes (Decree 154 art. 26.1b)."),
    )
    state = FSMField(_("state"), default=S.DRAFT, choices=SessionState.choices, protected=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted for approval at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        _("time version"), default=1, editable=False, help_text=_("Goes up each time the time is moved.")
    )
    external_meeting_url = models.URLField(
        _("external meeting link"),
        max_length=2000,
        blank=True,
        help_text=_("Only when the province uses an existing video-conference system instead of Jitsi."),
    )
    video_provider = models.CharField(max_length=20, blank=True, editable=False)
    video_room = models.CharField(max_length=2000, blank=True, editable=False)
    video_url = models.CharField(max_length=2000, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, editable=False)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True, editable=False)
    current_item = models.ForeignKey(
        "tiepdan_session.AgendaItem",
        verbose_name=_("current item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Plan III.9: the press publishes the session; bao_ptth links the article, shown on the public schedule.
    article_url = models.URLField(_("published article"), max_length=2000, blank=True, editable=False)
    article_title = models.CharField(_("article title"), max_length=255, blank=True, editable=False)
    article_linked_at = models.DateTimeField(_("article linked at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_queryset("sessions_visible_to", soft_delete=True).as_manager()

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["-start", "-id"]
        constraints = [
            deletion_constraint("session"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="session_end_after_start",
                violation_error_message=_("The end must come after the start."),
            ),
            models.CheckConstraint(
                condition=~models.Q(chair_capacity=ChairCapacity.PHO_CHU_TICH)
                | ~models.Q(authorisation_number=""),
                name="session_deputy_has_authorisation",
                violation_error_message=_(
                    "A vice-chairman chairs only with the chairman's authorisation: enter its number."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(central_participation=False, central_body__isnull=True)
                | models.Q(central_participation=True, central_body__isnull=False),
                name="session_central_body_when_central",
                violation_error_message=_("Name the central body exactly when the central bridge joins."),
            ),
        ]
        permissions = [("transition_receptionsession", "Can move sessions through the workflow")]

    def __str__(self):
        return f"{self.code} — {self.title}"

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)

    @property
    def date(self):
        return self.local_start.date()

    @property
    def is_open(self) -> bool:
        return self.state not in (S.CANCELLED, S.CONCLUDED, S.CLOSED)

    # The moves of DESIGN.md "Session states" (part 1). Roles and guards: services/workflow.py.
    @transition(field=state, source=S.DRAFT, target=S.DRAFT)
    def submit(self):
        pass

    @transition(field=state, source=S.DRAFT, target=S.DRAFT)
    def send_back(self):
        pass

    @transition(field=state, source=S.DRAFT, target=S.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=S.APPROVED, target=S.ANNOUNCED)
    def announce(self):
        pass

    @transition(field=state, source=S.ANNOUNCED, target=S.READY)
    def declare_ready(self):
        pass

    @transition(field=state, source=[S.APPROVED, S.ANNOUNCED, S.READY], target=S.APPROVED)
    def reschedule(self):
        pass

    @transition(field=state, source=list(BEFORE_START), target=S.CANCELLED)
    def cancel(self):
        pass

    # Part 2 (issue 10): the day itself.
    @transition(field=state, source=S.READY, target=S.IN_PROGRESS)
    def start_session(self):
        pass

    @transition(field=state, source=S.IN_PROGRESS, target=S.CONCLUDED)
    def conclude(self):
        pass

    @transition(field=state, source=S.CONCLUDED, target=S.CLOSED)
    def close(self):
        pass
