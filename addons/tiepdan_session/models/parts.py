"""What a session is made of: its component sites, invited agencies, agenda, dossiers, invitations and
security assessments. Rows change only through services/ (which checks the session's state and rules)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.services.uploads import random_name

from ..choices import AgencyDuty, DeliveryMethod, InvitationStatus, InviteeRole, ItemOutcome, RiskLevel
from .base import scoped_queryset


class SessionSite(models.Model):
    """A component bridge site of the session (the host and the central site are on the session)."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="component_sites",
    )
    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite", verbose_name=_("bridge site"), on_delete=models.PROTECT, related_name="+"
    )
    from_agenda = models.BooleanField(
        _("from the agenda"), default=False, help_text=_("Added because an agenda case comes from there.")
    )

    objects = scoped_queryset("session_sites_visible_to").as_manager()

    class Meta:
        verbose_name = _("component site")
        verbose_name_plural = _("component sites")
        ordering = ["session", "site__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "site"],
                name="session_site_once",
                violation_error_message=_("This site is already in the session."),
            )
        ]

    def __str__(self):
        return str(self.site)


class SessionAgency(models.Model):
    """An agency invited to the session, with its duty (plan III.4–III.9)."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="agencies",
    )
    agency = models.ForeignKey(
        "tiepdan_case.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    duty = models.CharField(_("duty"), max_length=12, choices=AgencyDuty.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = scoped_queryset("session_agencies_visible_to").as_manager()

    class Meta:
        verbose_name = _("invited agency")
        verbose_name_plural = _("invited agencies")
        ordering = ["session", "duty", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "agency", "duty"],
                name="session_agency_duty_once",
                violation_error_message=_("This agency already has this duty in the session."),
            )
        ]

    def __str__(self):
        return f"{self.agency} — {self.get_duty_display()}"


class AgendaItem(models.Model):
    """An accepted case on the session's agenda, in order, with its time slot.

    `is_open` is true while the session is open (not cancelled or closed): the database then refuses the
    same case on a second open agenda."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="agenda",
    )
    case = models.ForeignKey(
        "tiepdan_case.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("order"))
    slot_start = models.DateTimeField(_("slot start"))
    slot_end = models.DateTimeField(_("slot end"))
    is_open = models.BooleanField(default=True, editable=False)
    # --- the day itself (issue 10, services/console.py) ---
    started_at = models.DateTimeField(_("heard from"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("heard until"), null=True, blank=True, editable=False)
    presentation = models.TextField(_("what the citizen presented"), blank=True, editable=False)
    conclusion = models.TextField(_("the chair's conclusion"), blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ItemOutcome.choices, blank=True, editable=False
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True, editable=False)
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True, editable=False)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reception = models.OneToOneField(
        "tiepdan_case.Reception",
        verbose_name=_("register row"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_item",
        editable=False,
    )
    no_recording = models.BooleanField(_("recording forbidden"), default=False, editable=False)
    no_streaming = models.BooleanField(_("live streaming forbidden"), default=False, editable=False)
    restriction_reason = models.TextField(_("reason for the restriction"), blank=True, editable=False)
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restricted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = scoped_queryset("agenda_items_visible_to").as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "case"],
                name="agenda_case_once_per_session",
                violation_error_message=_("This case is already on the agenda."),
            ),
            models.UniqueConstraint(
                fields=["session", "order"],
                name="agenda_order_unique",
                violation_error_message=_("Two agenda items cannot have the same order."),
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(is_open=True),
                name="agenda_case_on_one_open_session",
                violation_error_message=_("This case is already on the agenda of another open session."),
            ),
            models.CheckConstraint(
                condition=models.Q(slot_end__gt=models.F("slot_start")),
                name="agenda_slot_end_after_start",
                violation_error_message=_("The slot must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(no_recording=False, no_streaming=False) | ~models.Q(restriction_reason=""),
                name="agenda_restriction_has_reason",
                violation_error_message=_("Write why recording or streaming is forbidden."),
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome=ItemOutcome.HEARD) | models.Q(reception__isnull=False),
                name="agenda_heard_has_register_row",
                violation_error_message=_("A heard item has its row in the reception register."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.case.code}"


def briefing_path(instance, filename):
    return random_name(f"session-briefings/{instance.session_id}")


class DossierRequest(models.Model):
    """An agency asked to prepare the dossier of an agenda item; it uploads its briefing before the
    deadline (plan III.8). A missing briefing shows on the session's readiness page."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="dossier_requests",
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="dossier_requests"
    )
    agency = models.ForeignKey(
        "tiepdan_case.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("briefing due"))
    briefing = models.TextField(_("briefing"), blank=True)
    briefing_file = models.FileField(_("briefing file"), upload_to=briefing_path, max_length=255, blank=True)
    briefing_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = scoped_queryset("dossier_requests_visible_to").as_manager()

    class Meta:
        verbose_name = _("dossier briefing")
        verbose_name_plural = _("dossier briefings")
        ordering = ["session", "deadline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "agency"],
                name="dossier_request_once",
                violation_error_message=_("This agency is already asked for this item's dossier."),
            )
        ]

    def __str__(self):
        return f"{self.agency} — {self.agenda_item}"


class Invitation(models.Model):
    """A citizen invited to the session for an agenda case, at the bridge they chose (NĐ 154 art. 22.3;
    default the commune's site). The commune delivers it and records the answer (plan III.10)."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="invitations"
    )
    citizen = models.ForeignKey(
        "tiepdan_case.Citizen", verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("invited as"), max_length=16, choices=InviteeRole.choices)
    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite",
        verbose_name=_("bridge site"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the citizen takes part: the central bridge or a component site."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    delivery_method = models.CharField(
        _("delivered how"), max_length=10, choices=DeliveryMethod.choices, blank=True
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_queryset("invitations_visible_to").as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["session", "agenda_item__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "citizen"],
                name="invitation_once_per_item",
                violation_error_message=_("This citizen is already invited for this case."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | ~models.Q(delivery_method=""),
                name="invitation_delivered_says_how",
                violation_error_message=_("Say how the invitation was delivered."),
            ),
        ]

    def __str__(self):
        return f"{self.session.code} — {self.get_role_display()}"


class SecurityAssessment(models.Model):
    """The police's security assessment of a component site for the session (plan III.6)."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="security_assessments",
    )
    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite", verbose_name=_("bridge site"), on_delete=models.PROTECT, related_name="+"
    )
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)
    note = models.TextField(_("assessment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now=True)

    objects = scoped_queryset("security_assessments_visible_to").as_manager()

    class Meta:
        verbose_name = _("security assessment")
        verbose_name_plural = _("security assessments")
        ordering = ["session", "site__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "site"],
                name="security_assessment_once",
                violation_error_message=_("This site already has an assessment for the session."),
            )
        ]

    def __str__(self):
        return f"{self.site} — {self.get_risk_level_display()}"
