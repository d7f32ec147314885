from .document import SESSION_KINDS, DocumentKind, IssuedDocument

__all__ = ["SESSION_KINDS", "DocumentKind", "IssuedDocument"]
