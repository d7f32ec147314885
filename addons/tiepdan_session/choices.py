"""Stored codes of the session module (DESIGN.md "Session states", "Session kinds")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    DINH_KY = "dinh_ky", _("Periodic")
    DOT_XUAT = "dot_xuat", _("Ad hoc")


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    ANNOUNCED = "announced", _("Announced")
    READY = "ready", _("Ready")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


S = SessionState
# A session that still holds its sites, its chair and its cases (the overlap and agenda rules).
OPEN_STATES = (S.DRAFT, S.APPROVED, S.ANNOUNCED, S.READY, S.IN_PROGRESS)
# Announced to the public: the public schedule, bao_ptth.
PUBLIC_STATES = (S.ANNOUNCED, S.READY, S.IN_PROGRESS, S.CONCLUDED, S.CLOSED)
BEFORE_START = (S.DRAFT, S.APPROVED, S.ANNOUNCED, S.READY)


class ChairCapacity(models.TextChoices):
    CHU_TICH = "chu_tich", _("Chairman of the Provincial People's Committee")
    PHO_CHU_TICH = "pho_chu_tich", _("Vice-chairman authorised by the chairman")


class AgencyDuty(models.TextChoices):
    """What an invited agency does for the session (plan section III)."""

    DOSSIER = "dossier", _("Prepare the dossier of agenda items (plan III.8)")
    TECHNICAL = "technical", _("Technical support (plan III.4)")
    SECURITY = "security", _("Security and order (plan III.6)")
    POWER = "power", _("Power supply (plan III.7)")
    MEDIA = "media", _("Press and broadcasting (plan III.9)")
    ATTEND = "attend", _("Attend")


class InviteeRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    REPRESENTATIVE = "representative", _("Representative")
    PROXY = "proxy", _("Authorised person")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("To be invited")
    DELIVERED = "delivered", _("Invitation delivered")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", _("Handed over in person")
    PHONE = "phone", _("By telephone")
    POST = "post", _("By post")
    SMS = "sms", _("By text message")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ItemOutcome(models.TextChoices):
    """How an agenda item ended (issue 10): heard writes the register row; absent and postponed send the
    case back to `accepted`."""

    HEARD = "heard", _("Heard")
    ABSENT = "absent", _("Citizen absent")
    POSTPONED = "postponed", _("Postponed")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present, identity checked")
    SUBSTITUTE = "substitute", _("A substitute came")


class ConfirmationMethod(models.TextChoices):
    """How the citizen confirmed the text of the item read back to them (NĐ 154 art. 14.3)."""

    SIGNED = "signed", _("Signed")
    THUMBPRINT = "thumbprint", _("Thumbprinted")
    REFUSED = "refused", _("Refused to sign")
