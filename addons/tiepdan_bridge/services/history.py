"""Saving a row with its history: validate, save, and one AuditEvent (created, or changed with the diff)."""

from django.core.exceptions import ValidationError

from addons.tiepdan_case.services.audit import diff, record_event, snapshot
from addons.tiepdan_case.services.errors import Invalid


def validate(obj):
    """full_clean(), with Django's ValidationError turned into the domain's Invalid (400)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise Invalid.from_validation_error(exc) from exc


def save_with_history(obj, actor, fields, before: dict | None, note: str = ""):
    """Call inside the caller's transaction; `before` is the snapshot of `fields` before the change,
    None when `obj` is new."""
    validate(obj)
    obj.save()
    if before is None:
        record_event(obj, actor, "created", note=note)
    else:
        changes = diff(before, snapshot(obj, fields))
        if changes:
            record_event(obj, actor, "changed", changes=changes)
    return obj
