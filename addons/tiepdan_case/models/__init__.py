from .agency import Agency
from .audit import AuditEvent, IdentityAccessLog
from .calendar import CalendarDay
from .case import Case, CaseAttachment, CaseParticipant
from .citizen import Citizen
from .custody import IdentityAccessDecision, IdentityAccessRequest
from .notification import InboxNotification, Notification
from .profile import UserProfile
from .reception import PaperKind, ReceivedPaper, Reception
from .sequence import YearSequence
from .unit import AdministrativeUnit
from .worker import WorkerJob

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "AuditEvent",
    "CalendarDay",
    "Case",
    "CaseAttachment",
    "CaseParticipant",
    "Citizen",
    "IdentityAccessLog",
    "IdentityAccessDecision",
    "IdentityAccessRequest",
    "InboxNotification",
    "Notification",
    "PaperKind",
    "Reception",
    "ReceivedPaper",
    "UserProfile",
    "WorkerJob",
    "YearSequence",
]
