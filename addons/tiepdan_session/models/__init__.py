from .console import AgencyReport, Attendance, ItemConfirmation, SiteOfficial
from .parts import AgendaItem, DossierRequest, Invitation, SecurityAssessment, SessionAgency, SessionSite
from .session import ReceptionSession

__all__ = [
    "AgencyReport",
    "AgendaItem",
    "Attendance",
    "DossierRequest",
    "Invitation",
    "ItemConfirmation",
    "ReceptionSession",
    "SecurityAssessment",
    "SessionAgency",
    "SessionSite",
    "SiteOfficial",
]
