from .parts import AgendaItem, DossierRequest, Invitation, SecurityAssessment, SessionAgency, SessionSite
from .session import ReceptionSession

__all__ = [
    "AgendaItem",
    "DossierRequest",
    "Invitation",
    "ReceptionSession",
    "SecurityAssessment",
    "SessionAgency",
    "SessionSite",
]
