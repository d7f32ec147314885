from .directive import CaseAnswer, Directive, DirectiveReport, DirectiveState
from .parts import AgendaItem, DossierRequest, Invitation, SecurityAssessment, SessionAgency, SessionSite
from .recording import RecordingWaiver, SessionRecording, Verification
from .session import ReceptionSession

__all__ = [
    "AgendaItem",
    "CaseAnswer",
    "Directive",
    "DirectiveReport",
    "DirectiveState",
    "DossierRequest",
    "Invitation",
    "ReceptionSession",
    "RecordingWaiver",
    "SecurityAssessment",
    "SessionAgency",
    "SessionRecording",
    "SessionSite",
    "Verification",
]
