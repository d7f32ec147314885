from .console import AgencyReport, Attendance, ItemConfirmation, SiteOfficial
from .directive import CaseAnswer, Directive, DirectiveReport, DirectiveState
from .parts import AgendaItem, DossierRequest, Invitation, SecurityAssessment, SessionAgency, SessionSite
from .recording import RecordingWaiver, SessionRecording, Verification
from .session import ReceptionSession

__all__ = [
    "AgencyReport",
    "AgendaItem",
    "Attendance",
    "CaseAnswer",
    "Directive",
    "DirectiveReport",
    "DirectiveState",
    "DossierRequest",
    "Invitation",
    "ItemConfirmation",
    "ReceptionSession",
    "RecordingWaiver",
    "SecurityAssessment",
    "SessionAgency",
    "SessionRecording",
    "SessionSite",
    "SiteOfficial",
    "Verification",
]
