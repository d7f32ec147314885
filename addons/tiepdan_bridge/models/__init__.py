from .archive import (
    ArchiveAccessLog,
    ArchiveEntry,
    ArchiveHold,
    ArchiveImmutableError,
    SignatureScheme,
    manifest_bytes,
)
from .budget import BudgetLine, BudgetStatus
from .checks import CheckItem, CheckKind, SiteCheck, SiteCheckItem
from .equipment import Equipment, EquipmentKind, EquipmentStatus
from .incidents import Incident, IncidentKind
from .sites import BridgeSite, SiteLevel

__all__ = [
    "ArchiveAccessLog",
    "ArchiveEntry",
    "ArchiveHold",
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
    "SignatureScheme",
    "manifest_bytes",
]
