"""What the console captures on the day (issue 10): who came and was checked in, the officials present at
each site, what each agency reported on an item, and how the citizen confirmed the item's text.
Rows change only through services/console.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AttendanceStatus, ConfirmationMethod
from .base import scoped_queryset


class Attendance(models.Model):
    """An invited citizen checked in at their site against the identity paper on file, or the substitute
    who came instead, with the reason (NĐ 154 art. 21.4)."""

    invitation = models.OneToOneField(
        "tiepdan_session.Invitation",
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    status = models.CharField(_("presence"), max_length=10, choices=AttendanceStatus.choices)
    id_number_checked = models.CharField(_("identity number read from the paper"), max_length=20, blank=True)
    substitute_name = models.CharField(_("substitute's full name"), max_length=120, blank=True)
    substitute_id_number = models.CharField(_("substitute's identity number"), max_length=20, blank=True)
    substitute_reason = models.TextField(_("why a substitute came"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked in at"))

    objects = scoped_queryset("attendances_visible_to").as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["invitation__agenda_item__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=AttendanceStatus.SUBSTITUTE)
                | (~models.Q(substitute_name="") & ~models.Q(substitute_reason="")),
                name="attendance_substitute_named_with_reason",
                violation_error_message=_("Name the substitute and write why they came."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AttendanceStatus.PRESENT) | ~models.Q(id_number_checked=""),
                name="attendance_present_paper_checked",
                violation_error_message=_("Enter the identity number read from the paper."),
            ),
        ]

    def __str__(self):
        return f"{self.invitation} — {self.get_status_display()}"


class SiteOfficial(models.Model):
    """An official present at a site of the session (for the minutes)."""

    session = models.ForeignKey(
        "tiepdan_session.ReceptionSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="officials",
    )
    site = models.ForeignKey(
        "tiepdan_bridge.BridgeSite", verbose_name=_("bridge site"), on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=255)
    agency = models.ForeignKey(
        "tiepdan_case.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = scoped_queryset("site_officials_visible_to").as_manager()

    class Meta:
        verbose_name = _("official present")
        verbose_name_plural = _("officials present")
        ordering = ["session", "site__level", "site__code", "id"]

    def __str__(self):
        return f"{self.full_name} — {self.position}"


class AgencyReport(models.Model):
    """What an agency reported on an agenda item at the session."""

    agenda_item = models.ForeignKey(
        "tiepdan_session.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="agency_reports",
    )
    agency = models.ForeignKey(
        "tiepdan_case.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("what the agency reported"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = scoped_queryset("agency_reports_visible_to").as_manager()

    class Meta:
        verbose_name = _("agency report")
        verbose_name_plural = _("agency reports")
        ordering = ["agenda_item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "agency"],
                name="agency_report_once_per_item",
                violation_error_message=_("This agency's report on the item is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.agency} — {self.agenda_item}"


class ItemConfirmation(models.Model):
    """The item's text read back to a citizen present and confirmed — signed or thumbprinted at the site
    — or the refusal to sign, with who recorded it and when (NĐ 154 arts. 14.1, 14.3)."""

    agenda_item = models.ForeignKey(
        "tiepdan_session.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    attendance = models.ForeignKey(
        Attendance, verbose_name=_("who confirms"), on_delete=models.PROTECT, related_name="confirmations"
    )
    method = models.CharField(_("confirmation"), max_length=10, choices=ConfirmationMethod.choices)
    refusal_reason = models.TextField(_("reason given for refusing"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = scoped_queryset("item_confirmations_visible_to").as_manager()

    class Meta:
        verbose_name = _("confirmation of the minutes")
        verbose_name_plural = _("confirmations of the minutes")
        ordering = ["agenda_item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "attendance"],
                name="item_confirmation_once",
                violation_error_message=_("This person's confirmation of the item is already recorded."),
            ),
            models.CheckConstraint(
                condition=~models.Q(method=ConfirmationMethod.REFUSED) | ~models.Q(refusal_reason=""),
                name="item_confirmation_refusal_has_reason",
                violation_error_message=_("Write what the citizen said when refusing to sign."),
            ),
        ]

    def __str__(self):
        return f"{self.agenda_item} — {self.get_method_display()}"
