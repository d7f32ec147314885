from .console import AgencyReport, Attendance, ItemConfirmation, SiteOfficial
from .directive import CaseAnswer, Directive, DirectiveReport, DirectiveState
from .parts import AgendaItem, DossierRequest, Invitation, SecurityAssessment, SessionAgency, SessionSite
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
    "SecurityAssessment",
    "SessionAgency",
    "SessionSite",
    "SiteOfficial",
]
