"""Soft delete with a recorded reason (issue 12; TEAM.md interface 1): nothing a user does in the back
office destroys a citizen, a case, a session or a directive.

`soft_delete(obj, reason=..., actor=...)` marks the row deleted (who, when, why) and `restore(obj,
actor=...)` brings it back; both run in one transaction with the row locked, check the role and the
rules of the row's kind, and write a history row. A deleted row is absent from every `visible_to`
(models/deletion.py), so no list, export, dashboard or PDF shows it; only `quan_tri` and `vp_ubnd` list
deleted rows (`deleted_rows_for`) and restore them. Codes are never reused: the row keeps its code.

Each kind's rules are registered by the module that owns the model (`register_kind`): this module owns
citizens and cases; the session module registers sessions and directives (its apps.py), and adds a
guard to the case (a case on an open agenda stays). A kind's rules are `can_delete(actor, row) -> bool`,
guards `f(actor, row) -> str | None` (a reason to refuse), and hooks run after the change in the same
transaction.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles as R
from ..roles import user_roles
from .audit import record_event
from .errors import Conflict, DomainError, Invalid, NotAllowed

# Who lists deleted rows and restores them: the administrators and the Provincial Office.
RESTORER_ROLES = frozenset({R.QUAN_TRI, R.VP_UBND})
REASON_MAX_LENGTH = 2000


class NotFound(DomainError):
    status = 404
    code = "not_found"


@dataclass
class Kind:
    label: str  # app_label.model_name
    can_delete: object  # f(actor, row) -> bool
    refused_message: str = ""
    delete_guards: list = field(default_factory=list)
    restore_guards: list = field(default_factory=list)
    after_delete: list = field(default_factory=list)
    after_restore: list = field(default_factory=list)


_KINDS: dict[str, Kind] = {}


def _label(model_or_row) -> str:
    return model_or_row._meta.label_lower


def register_kind(model, can_delete, refused_message="") -> Kind:
    kind = _KINDS.get(_label(model))
    if kind is None:
        kind = _KINDS[_label(model)] = Kind(_label(model), can_delete, refused_message)
    return kind


def register_delete_guard(model, guard) -> None:
    guards = _KINDS[_label(model)].delete_guards
    if guard not in guards:
        guards.append(guard)


def register_restore_guard(model, guard) -> None:
    guards = _KINDS[_label(model)].restore_guards
    if guard not in guards:
        guards.append(guard)


def register_hooks(model, *, after_delete=None, after_restore=None) -> None:
    kind = _KINDS[_label(model)]
    if after_delete and after_delete not in kind.after_delete:
        kind.after_delete.append(after_delete)
    if after_restore and after_restore not in kind.after_restore:
        kind.after_restore.append(after_restore)


def _kind(model_or_row) -> Kind:
    _register_own_kinds()
    kind = _KINDS.get(_label(model_or_row))
    if kind is None:
        raise Invalid(_("This kind of record cannot be deleted."))
    return kind


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_restore(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return _is_superuser(user) or bool(user_roles(user) & RESTORER_ROLES)


def kinds() -> list[str]:
    """The soft-deletable models, as `app_label.model_name` (the session module adds its own)."""
    _register_own_kinds()
    return list(_KINDS)


def deleted_rows_for(user, model):
    """The deleted rows of `model` a user may list (and restore): quan_tri and vp_ubnd, all of them."""
    qs = model.objects.deleted()
    return qs if can_restore(user) else qs.none()


def deleted_row_label(user, row) -> str:
    """What the list of deleted rows names a row by. A citizen of a denunciation the user does not handle
    is masked (Luật Tố cáo art. 8); a case reads its code and type for a denunciation (`Case.__str__`)."""
    from ..models import CaseParticipant, Citizen
    from ..scoping import shielded_case_q
    from .identity import MASKED_NAME

    if isinstance(row, Citizen):
        shielded = CaseParticipant.objects.filter(citizen=row).filter(shielded_case_q(user, "case__"))
        return str(MASKED_NAME) if shielded.exists() else row.full_name
    return str(row)


def deleted_row_facts(user, row) -> dict:
    by = row.deleted_by
    return {
        "id": row.pk,
        "label": deleted_row_label(user, row),
        "deleted_at": row.deleted_at,
        "deleted_by": (by.get_full_name() or by.username) if by else None,
        "deletion_reason": row.deletion_reason,
    }


def may_delete(user, row) -> bool:
    """Would the role allow deleting this row (the screens show the button only then)?"""
    if not getattr(user, "is_authenticated", False) or row.is_deleted:
        return False
    return _is_superuser(user) or bool(_kind(row).can_delete(user, row))


def delete_problems(user, row) -> list[str]:
    """What stops this row from being deleted now (the rules of its kind), for the confirmation page."""
    return [p for p in (g(user, row) for g in _kind(row).delete_guards) if p]


def clean_reason(reason) -> str:
    text = (reason or "").strip().replace("\x00", "")
    if not text:
        message = _("Write the reason for the deletion.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    if len(text) > REASON_MAX_LENGTH:
        message = _("The reason is at most %(count)d characters.") % {"count": REASON_MAX_LENGTH}
        raise Invalid(message, fields={"reason": [message]})
    return text


def _not_found(model):
    return NotFound(_("%(name)s not found.") % {"name": str(model._meta.verbose_name).capitalize()})


def soft_delete(obj, *, reason, actor):
    """Mark `obj` deleted with the actor, the time and the reason. Raises Invalid (no reason), NotFound
    (not visible to the actor), NotAllowed (the role), Conflict (already deleted, or a rule refuses)."""
    model = type(obj)
    kind = _kind(model)
    text = clean_reason(reason)
    with transaction.atomic():
        if not model.objects.visible_to(actor).filter(pk=obj.pk).exists():
            if model.objects.deleted().filter(pk=obj.pk).exists() and can_restore(actor):
                raise Conflict(_("This record is already deleted."), code="already_deleted")
            raise _not_found(model)
        row = model.objects.select_for_update().get(pk=obj.pk)
        if row.is_deleted:
            raise Conflict(_("This record is already deleted."), code="already_deleted")
        if not (_is_superuser(actor) or kind.can_delete(actor, row)):
            raise NotAllowed(kind.refused_message or _("Your role may not delete this record."))
        problems = delete_problems(actor, row)
        if problems:
            raise Conflict(" ".join(problems), code="rule_violated")
        row.deleted_at = timezone.now()
        row.deleted_by = actor
        row.deletion_reason = text
        row.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
        record_event(row, actor, "deleted", action="soft_delete", note=text)
        for hook in kind.after_delete:
            hook(actor, row)
    obj.deleted_at, obj.deleted_by, obj.deletion_reason = row.deleted_at, row.deleted_by, row.deletion_reason
    return row


def restore(obj, *, actor):
    """Bring a deleted row back (quan_tri, vp_ubnd). The history keeps the deletion and its reason."""
    model = type(obj)
    kind = _kind(model)
    if not can_restore(actor):
        raise NotAllowed(
            _("Only the system administrators and the Provincial Office restore deleted records.")
        )
    with transaction.atomic():
        row = model.objects.deleted().select_for_update().filter(pk=obj.pk).first()
        if row is None:
            if model.objects.filter(pk=obj.pk).exists():
                raise Conflict(_("This record is not deleted."), code="not_deleted")
            raise _not_found(model)
        problems = [p for p in (g(actor, row) for g in kind.restore_guards) if p]
        if problems:
            raise Conflict(" ".join(problems), code="rule_violated")
        reason = row.deletion_reason
        row.deleted_at = None
        row.deleted_by = None
        row.deletion_reason = ""
        row.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
        record_event(row, actor, "restored", action="restore", changes={"deletion_reason": [reason, ""]})
        for hook in kind.after_restore:
            hook(actor, row)
    obj.deleted_at, obj.deleted_by, obj.deletion_reason = None, None, ""
    return row


# --- the case module's own kinds: citizens and cases ----------------------------------------------------

# A case that has been on a session's agenda belongs to that session's record (register, minutes,
# directives): it is never deleted. Before that, a case entered by mistake (a duplicate) may be.
CASE_STATES_NEVER_DELETED = frozenset({"scheduled", "received", "following_up", "closed"})


def _can_delete_case(actor, case) -> bool:
    from .cases import can_edit
    from .identity import is_handler

    if case.is_protected and not is_handler(actor, case):
        return False  # hiding a protected denunciation is a move of it: only its handlers make it
    roles = user_roles(actor)
    if roles & R.CASE_OFFICE:
        return True
    return R.UBND_XA in roles and can_edit(actor, case)  # its own drafts and returned cases


def _case_state_problem(actor, case):
    if case.state in CASE_STATES_NEVER_DELETED:
        return _(
            "A case that is “%(state)s” has been on a session's agenda and is part of its record: it cannot "
            "be deleted."
        ) % {"state": case.get_state_display()}
    return None


def _case_people_deleted(actor, case):
    from ..models import Citizen

    count = Citizen.objects.deleted().filter(participations__case=case).distinct().count()
    if count:
        return _("%(count)d person(s) of this case are deleted: restore them first.") % {"count": count}
    return None


def _can_delete_citizen(actor, citizen) -> bool:
    from ..scoping import user_commune_id

    roles = user_roles(actor)
    if roles & {R.BAN_TCD, R.VP_UBND}:
        return True
    return R.UBND_XA in roles and citizen.unit_id is not None and citizen.unit_id == user_commune_id(actor)


def _citizen_in_live_cases(actor, citizen):
    from ..models import Case

    # No case codes: one of them may be a denunciation the actor does not handle (Luật Tố cáo art. 8).
    count = Case.objects.alive().filter(participants__citizen=citizen).distinct().count()
    if count:
        return _(
            "This person is in %(count)d case(s) that are not deleted: a citizen is deleted only when no "
            "live case names them."
        ) % {"count": count}
    return None


_OWN_KINDS_DONE = False


def _register_own_kinds():
    global _OWN_KINDS_DONE
    if _OWN_KINDS_DONE:
        return
    _OWN_KINDS_DONE = True
    from ..models import Case, Citizen

    register_kind(
        Case,
        _can_delete_case,
        _(
            "Only the Provincial Office, the board, or the commune for its own draft or returned case deletes a case."
        ),
    )
    register_delete_guard(Case, _case_state_problem)
    register_restore_guard(Case, _case_people_deleted)
    register_kind(
        Citizen,
        _can_delete_citizen,
        _("Only the board, the Provincial Office or the citizen's commune deletes a citizen."),
    )
    register_delete_guard(Citizen, _citizen_in_live_cases)


def register_kinds():
    """Called from the apps' ready(): the case module's kinds first, then the others add theirs."""
    _register_own_kinds()
