from .archive import ArchiveAccessLog, ArchiveEntry, ArchiveImmutableError
from .budget import BudgetLine, BudgetStatus
from .checks import CheckItem, CheckKind, SiteCheck, SiteCheckItem
from .equipment import Equipment, EquipmentKind, EquipmentStatus
from .incidents import Incident, IncidentKind
from .sites import BridgeSite, SiteLevel

__all__ = [
    "ArchiveAccessLog",
    "ArchiveEntry",
    "ArchiveImmutableError",
    "BridgeSite",
    "BudgetLine",
    "BudgetStatus",
    "CheckItem",
    "CheckKind",
    "Equipment",
    "EquipmentKind",
    "EquipmentStatus",
    "Incident",
    "IncidentKind",
    "SiteCheck",
    "SiteCheckItem",
    "SiteLevel",
]
