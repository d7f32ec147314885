"""Saving a row with its history: validate, save, and one AuditEvent (created, or changed with the diff)."""

from addons.tiepdan_case.services.audit import diff, record_event, snapshot
from addons.tiepdan_case.services.errors import validate_model


def save_with_history(obj, actor, fields, before: dict | None, note: str = ""):
    """Call inside the caller's transaction; `before` is the snapshot of `fields` before the change,
    None when `obj` is new."""
    validate_model(obj)
    obj.save()
    if before is None:
        record_event(obj, actor, "created", note=note)
    else:
        changes = diff(before, snapshot(obj, fields))
        if changes:
            record_event(obj, actor, "changed", changes=changes)
    return obj
