from .document import SESSION_KINDS, DocumentKind, IssuedDocument
from .figure import StoredFigure
from .tally import CaseTally

__all__ = ["SESSION_KINDS", "CaseTally", "DocumentKind", "IssuedDocument", "StoredFigure"]
