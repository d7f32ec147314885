from .directive import CaseAnswer, Directive, DirectiveReport, DirectiveState
from .parts import AgendaItem, DossierRequest, Invitation, SecurityAssessment, SessionAgency, SessionSite
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
    "SecurityAssessment",
    "SessionAgency",
    "SessionSite",
]
