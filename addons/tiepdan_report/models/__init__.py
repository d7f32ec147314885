from .document import DocumentKind, IssuedDocument

__all__ = ["DocumentKind", "IssuedDocument"]
