"""One way to make a locked state-machine move, shared by the case workflow (`case_workflow.perform`) and
the session workflow (`tiepdan_session.services.workflow.perform`).

    action = move_action(ACTIONS, action_code)
    with locked_move(actor, Case, case_id, action, note, allowed=..., messages=...) as move:
        ...  # the workflow's own params and guards (raise to refuse), then the move itself:
        getattr(move.obj, action.method)()
        move.obj.save()

`locked_move` opens the transaction and finds the row among those the actor may see (`visible_to`), else
NotFound (404). It locks the row (`select_for_update`), so two moves of the same row queue and the second
one sees the first one's state. It checks the role (NotAllowed, 403), the state machine (Conflict, 409) and
the written reason an action needs (Invalid, 400). When the block ends without an exception, it writes the
move's one history row (`AuditEvent`: who, when, from and to state, the note, `move.changes`) in the same
transaction. A block that raises rolls everything back, and no row is written.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from .audit import record_event
from .errors import Conflict, DomainError, Invalid, NotAllowed


class NotFound(DomainError):
    status = 404
    code = "not_found"


@dataclass
class Move:
    obj: object
    from_state: str
    note: str
    # The history row: a state change by default; a move that leaves the state as it is (a session's
    # submission) records what it changed instead (`kind="changed"`, no from/to state).
    kind: str = "transition"
    changes: dict = field(default_factory=dict)


def move_action(actions: dict, action_code: str):
    """The action of this code, or Invalid (400) naming it."""
    action = actions.get(action_code)
    if action is None:
        raise Invalid(
            _("Unknown action “%(action)s”.") % {"action": action_code},
            fields={"action": [_("Unknown action.")]},
        )
    return action


@contextmanager
def locked_move(actor, model, object_id, action, note: str, *, allowed, messages: dict):
    """Lock the row and check the move, yield it to the workflow, then write its history row.

    `allowed(obj)`: whether the actor's role may make this move on this row. `messages`: the module's
    own texts (`not_found`, `forbidden`, and `impossible(obj)` for a move the state machine refuses)."""
    with transaction.atomic():
        obj = (
            model.objects.select_for_update()
            .filter(pk=object_id, pk__in=model.objects.visible_to(actor).values("pk"))
            .first()
        )
        if obj is None:
            raise NotFound(messages["not_found"])
        if not allowed(obj):
            raise NotAllowed(messages["forbidden"])
        if not can_proceed(getattr(obj, action.method)):
            raise Conflict(messages["impossible"](obj))
        if action.needs_note and not note:
            raise Invalid(_("Write the reason."), fields={"note": [_("Write the reason.")]})
        move = Move(obj=obj, from_state=obj.state, note=note)
        yield move
        states = {"from_state": move.from_state, "to_state": obj.state} if move.kind == "transition" else {}
        record_event(obj, actor, move.kind, action=action.code, changes=move.changes, note=note, **states)
