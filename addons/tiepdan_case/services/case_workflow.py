"""The case state machine (DESIGN.md "Case states"): every move goes through `perform`.

`perform` makes the move through `moves.locked_move` (shared with the session workflow): it finds the case
among those the user may see (else NotFound), locks the row, checks the role, the state machine and the
written reason, and writes the move's one history row. `perform` itself checks the params and the rule
guards, moves the state, writes the register rows, and after commit sends `case_transitioned` for the
modules above (notifications, sessions).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from .. import roles as R
from ..choices import CaseState, Eligibility, RefusalGround
from ..models import Case
from ..roles import user_roles
from ..scoping import user_commune_id
from . import identity, receptions, refusals
from .eligibility import accept_problems, code_problems, schedule_problems
from .errors import Conflict, Invalid
from .moves import NotFound, locked_move, move_action  # noqa: F401 (NotFound: imported from here by other modules)
from .submission import submit_problems

case_transitioned = Signal()  # sender=Case, case, action, actor, from_state, to_state, note

OFFICE = R.CASE_OFFICE


@dataclass(frozen=True)
class CaseAction:
    code: str
    method: str
    label: object
    roles: frozenset
    needs_note: bool = False
    params: tuple = field(default_factory=tuple)
    irreversible: bool = False  # the screen asks for confirmation first


ACTIONS = {
    a.code: a
    for a in [
        CaseAction(
            "submit",
            "submit",
            gettext_lazy("Submit to the province"),
            OFFICE | {R.UBND_XA},
            irreversible=True,
        ),
        CaseAction("accept", "accept", gettext_lazy("Accept"), OFFICE, params=("eligibility",)),
        CaseAction("return", "return_", gettext_lazy("Return for completion"), OFFICE, needs_note=True),
        CaseAction(
            "reject",
            "reject",
            gettext_lazy("Reject"),
            OFFICE,
            needs_note=True,
            params=("refusal_ground",),
            irreversible=True,
        ),
        CaseAction(
            "send_in_person",
            "send_in_person",
            gettext_lazy("Send to in-person reception"),
            OFFICE,
            needs_note=True,
        ),
        CaseAction("schedule", "schedule", gettext_lazy("Put on a session agenda"), OFFICE),
        CaseAction("unschedule", "unschedule", gettext_lazy("Take off the agenda"), OFFICE, needs_note=True),
        CaseAction("receive", "receive", gettext_lazy("Mark as received"), OFFICE),
        CaseAction("follow_up", "follow_up", gettext_lazy("Follow up directives"), OFFICE),
        CaseAction("close", "close", gettext_lazy("Close"), OFFICE),
        CaseAction(
            "withdraw",
            "withdraw",
            gettext_lazy("Withdraw"),
            OFFICE | {R.UBND_XA},
            needs_note=True,
            irreversible=True,
        ),
    ]
}


def protection_bars_online() -> str:
    return _(
        "The denouncer asks for protection measures: the case can never be received online "
        "(Decree 154 art. 20.4)."
    )


# Modules above may add guards for a move: f(case) -> message or None (e.g. "directives still open").
_EXTRA_GUARDS: dict[str, list] = {}


def register_guard(action: str, guard) -> None:
    _EXTRA_GUARDS.setdefault(action, [])
    if guard not in _EXTRA_GUARDS[action]:
        _EXTRA_GUARDS[action].append(guard)


def _role_allows(user, case: Case, action: CaseAction) -> bool:
    roles = user_roles(user)
    if action.code == "withdraw" and identity.must_mask(user, case):
        return False  # withdrawing a denunciation hides it from its handlers: only they decide (issue 6)
    if roles & action.roles - {R.UBND_XA}:
        return True
    return R.UBND_XA in roles & action.roles and case.unit_id == user_commune_id(user)


def _guard(case: Case, action: CaseAction) -> str | None:
    """Why the rules forbid this move now (None: allowed). Evaluated on the case as it would be."""
    if action.code == "submit":
        problems = submit_problems(case)
        if problems:
            return " ".join(problems)
    if action.code in ("accept", "schedule", "receive") and case.asks_protection:
        return protection_bars_online()
    if action.code in ("accept", "schedule"):
        problems = (accept_problems if action.code == "accept" else schedule_problems)(case)
        if problems:
            return " ".join(problems)
    for guard in _EXTRA_GUARDS.get(action.code, []):
        message = guard(case)
        if message:
            return message
    return None


def blocked_submit_problems(user, case: Case) -> list[str]:
    """For a user who could send this case by role and state: the reasons it cannot be sent yet (the
    case page lists them above its buttons and keeps "Gửi về tỉnh" visible)."""
    action = ACTIONS["submit"]
    if not _role_allows(user, case, action) or not can_proceed(case.submit):
        return []
    return submit_problems(case)


def allowed_actions(user, case: Case) -> list[CaseAction]:
    """The moves this user can make on this case now (the buttons a screen shows)."""
    result = []
    for action in ACTIONS.values():
        if not _role_allows(user, case, action) or not can_proceed(getattr(case, action.method)):
            continue
        if action.code == "accept" and case.asks_protection:
            continue
        if action.code in ("submit", "schedule") and _guard(case, action):
            continue
        result.append(action)
    return result


def _state_label(state: str) -> str:
    return str(CaseState(state).label)


def perform(
    actor, case_id: int, action_code: str, note: str = "", *, register_row: bool = True, **params
) -> Case:
    """Move a case. Raises NotFound (404), NotAllowed (403), Invalid (400) or Conflict (409).

    `reject` and `receive` write the case's row of the reception register; a caller that writes a fuller
    row itself in the same transaction (the session console's heard item) passes `register_row=False`."""
    action = move_action(ACTIONS, action_code)
    note = (note or "").strip()
    with locked_move(
        actor,
        Case,
        case_id,
        action,
        note,
        allowed=lambda case: _role_allows(actor, case, action),
        messages={
            "not_found": _("Case not found."),
            "forbidden": _("Your role may not “%(action)s” this case.") % {"action": action.label},
            "impossible": lambda case: (
                _("A case that is “%(state)s” cannot be “%(action)s”.")
                % {"state": _state_label(case.state), "action": action.label}
            ),
        },
    ) as move:
        case = move.obj
        if "eligibility" in action.params and params.get("eligibility"):
            if params["eligibility"] not in Eligibility.values:
                raise Invalid(
                    _("Unknown eligibility code."), fields={"eligibility": [_("Unknown eligibility code.")]}
                )
            case.eligibility = params["eligibility"]
            rule_errors = code_problems(case)
            if rule_errors:  # the code does not fit the case: a 400 on the field, not the DB constraint's 500
                raise Invalid(" ".join(rule_errors), fields={"eligibility": rule_errors})
        if "refusal_ground" in action.params:
            ground = params.get("refusal_ground") or ""
            if ground not in RefusalGround.values:
                raise Invalid(
                    _("Choose the legal ground of the refusal."),
                    fields={"refusal_ground": [_("Choose the legal ground of the refusal.")]},
                )
            mismatch = refusals.ground_problems(case.case_type, ground)
            if mismatch:
                raise Invalid(mismatch[0], fields={"refusal_ground": mismatch})
            case.refusal_ground = ground
            if refusals.notice_needed(ground):  # Mẫu 01/TCD within 3 working days (NĐ 154 art. 4.3)
                case.refusal_notice_due = refusals.notice_due(timezone.localdate())
        problems = submit_problems(case) if action.code == "submit" else []
        if problems:
            raise Conflict(" ".join(problems), code="rule_violated", fields={"problems": problems})
        reason = _guard(case, action)
        if reason:
            raise Conflict(reason, code="rule_violated")
        from_state = move.from_state
        getattr(case, action.method)()
        case.save()
        # Every refusal and every reception is a row of the reception register (NĐ 154 art. 27.1).
        if action.code == "reject" and register_row:
            receptions.register_refusal(actor, case, note)
        elif action.code == "receive" and register_row:
            receptions.register_session_reception(actor, case, note)
        transaction.on_commit(
            lambda: case_transitioned.send(
                sender=Case, case=case, action=action.code, actor=actor,
                from_state=from_state, to_state=case.state, note=note,
            )
        )  # fmt: skip
        # The history row (one, `transition`) is written by locked_move as the block ends.
    return case
