from .document import SESSION_KINDS, DocumentKind, IssuedDocument
from .tally import CaseTally

__all__ = ["SESSION_KINDS", "CaseTally", "DocumentKind", "IssuedDocument"]
