"""History rows: who, when, what. Services call these inside the same transaction as the change."""

from django.contrib.contenttypes.models import ContentType

from ..models import AuditEvent


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record_event(
    obj, actor, kind, *, action="", from_state="", to_state="", changes=None, note=""
) -> AuditEvent:
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=kind,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        changes=changes or {},
        note=note or "",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def snapshot(obj, fields) -> dict:
    return {f: _jsonable(getattr(obj, f)) for f in fields}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def history_of(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")
