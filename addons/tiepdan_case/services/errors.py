"""Domain errors. Each carries a Vietnamese message and maps to one HTTP status in the API."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, code: str | None = None, fields: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class NotAllowed(DomainError):
    """The user's role may not do this (403)."""

    status = 403
    code = "permission_denied"


class Conflict(DomainError):
    """The state machine or a rule forbids this move now (409)."""

    status = 409
    code = "transition_not_allowed"


class Invalid(DomainError):
    """Bad input (400)."""

    status = 400
    code = "invalid"

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "Invalid":
        if hasattr(error, "error_dict"):
            fields = {k: [str(m) for e in v for m in e.messages] for k, v in error.error_dict.items()}
            first = next(iter(fields.values()))[0]
            return cls(first, fields=fields)
        return cls("; ".join(error.messages))


def validate_model(obj, exclude=None) -> None:
    """`obj.full_clean()`, with Django's ValidationError turned into Invalid (400, messages per field)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise Invalid.from_validation_error(exc) from exc
