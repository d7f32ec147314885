"""One error shape for the whole API: `{"code": ..., "detail": ..., "fields": {...}}`, in Vietnamese.

400 bad input (per-field messages), 401 not signed in, 403 not allowed, 404 not found or not visible,
405 wrong method, 409 a move the state machine or a rule forbids. Domain errors of `services/` carry
their own status and code; Django's ValidationError and IntegrityError are bad input. Anything else
is logged and answered with a JSON 500 that reveals nothing.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from ..services.errors import DomainError, Invalid

logger = logging.getLogger(__name__)

NON_FIELD = "non_field_errors"


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (used by the OpenAPI schema)."""

    code = serializers.CharField(help_text="Mã lỗi ổn định cho máy đọc, ví dụ `invalid`, `not_found`.")
    detail = serializers.CharField(help_text="Thông báo lỗi bằng tiếng Việt.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Lỗi theo từng trường: tên trường → danh sách thông báo (trường lồng nhau: `participants.0.citizen`).",
    )


def error_body(code: str, detail, fields: dict | None = None) -> dict:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def flatten_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure → {"field": [...], "participants.0.citizen": [...]}."""
    flat: dict[str, list[str]] = {}

    def walk(value, key):
        if isinstance(value, dict):
            for k, v in value.items():
                k = NON_FIELD if k in ("__all__", NON_FIELD) and not key else str(k)
                walk(v, f"{key}.{k}" if key else k)
        elif isinstance(value, (list, tuple)):
            if value and all(isinstance(v, (str, exceptions.ErrorDetail)) for v in value):
                flat.setdefault(key or NON_FIELD, []).extend(str(v) for v in value)
            else:
                for i, v in enumerate(value):
                    if v:  # DRF puts {} for list items without errors
                        walk(v, f"{key}.{i}" if key else str(i))
        elif value not in (None, ""):
            flat.setdefault(key or NON_FIELD, []).append(str(value))

    walk(errors, prefix)
    return flat


def django_validation_fields(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return flatten_errors({k: [m for e in v for m in e.messages] for k, v in error.error_dict.items()})
    return {NON_FIELD: [str(m) for m in error.messages]}


def _first(fields: dict) -> str | None:
    for messages in fields.values():
        if messages:
            return messages[0]
    return None


def _invalid(fields: dict, detail=None) -> Response:
    detail = detail or _first(fields) or _("The data sent is not valid.")
    if len(fields) > 1 or (fields and list(fields) != [NON_FIELD]):
        detail = _("The data sent is not valid: %(first)s") % {"first": _first(fields) or detail}
    return Response(error_body("invalid", detail, fields), status=status.HTTP_400_BAD_REQUEST)


_DRF_MESSAGES = {
    exceptions.NotAuthenticated: lambda: _("Sign in first: send a token or a session cookie."),
    exceptions.AuthenticationFailed: lambda: _("The token or the credentials are not valid."),
    exceptions.PermissionDenied: lambda: _("Your role may not do this."),
    exceptions.NotFound: lambda: _("Not found, or not visible to you."),
    exceptions.MethodNotAllowed: lambda: _("This method is not allowed here."),
    exceptions.ParseError: lambda: _("The request body is not valid JSON."),
    exceptions.UnsupportedMediaType: lambda: _("Send the data as JSON (Content-Type: application/json)."),
    exceptions.NotAcceptable: lambda: _("This response format is not available."),
    exceptions.Throttled: lambda: _("Too many requests; wait a moment and try again."),
}


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]."""
    if isinstance(exc, DomainError):
        fields = flatten_errors(exc.fields) if exc.fields else {}
        return Response(error_body(exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        return _invalid(django_validation_fields(exc))
    elif isinstance(exc, ValueError) and "NUL (0x00)" in str(exc):
        # PostgreSQL takes no NUL character in a string: a query parameter carrying one (?agency=%00) is
        # bad input wherever a view forgot to check it, not a server error.
        return _invalid({}, _("Null characters are not allowed."))
    elif isinstance(exc, (IntegrityError, DataError)):
        logger.info("API request refused by the database: %s", exc)
        return _invalid({}, _("The data conflicts with a record already saved or is out of range."))

    if isinstance(exc, exceptions.ValidationError):
        return _invalid(flatten_errors(exc.detail))
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = next((m for cls, m in _DRF_MESSAGES.items() if isinstance(exc, cls)), None)
        always = (exceptions.ParseError, exceptions.MethodNotAllowed, exceptions.UnsupportedMediaType,
                  exceptions.NotAcceptable, exceptions.Throttled, exceptions.NotFound)  # fmt: skip
        if message and (isinstance(exc, always) or str(exc.detail) == str(exc.default_detail)):
            detail = message()  # DRF's generic text → ours; a specific message given by a view stays
        if isinstance(exc, exceptions.Throttled) and exc.wait:
            detail = f"{detail} ({int(exc.wait)} s)"
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        response = Response(error_body(code, detail), status=exc.status_code)
        if getattr(exc, "auth_header", None):
            response["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(int(exc.wait))
        return response

    logger.exception("Unexpected error in the API", exc_info=exc)
    return Response(
        error_body("server_error", _("An unexpected error occurred; the administrators have been told.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def invalid_from_django(error: DjangoValidationError) -> Invalid:
    fields = django_validation_fields(error)
    return Invalid(_first(fields) or _("The data sent is not valid."), fields=fields)
