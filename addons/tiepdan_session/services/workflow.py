"""The session state machine (DESIGN.md "Session states", part 1): every move goes through `perform`.

`perform` makes the move through the case module's `moves.locked_move`, the same locked-move helper as
the case workflow: it finds the session among those the user may see (else NotFound), locks the row,
checks the role, the state machine and the written reason, and writes the move's one history row.
`perform` checks the rules, moves the state and, for announce, move and cancel, queues the notices in
the same transaction (services/notices.py).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from addons.tiepdan_bridge.services.readiness import readiness
from addons.tiepdan_bridge.video import get_provider
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.errors import Conflict, Invalid
from addons.tiepdan_case.services.moves import locked_move, move_action

from ..choices import SessionState
from ..models import ReceptionSession
from . import console, directives, minutes, notices, recordings, rules

S = SessionState


@dataclass(frozen=True)
class SessionAction:
    code: str
    method: str
    label: object
    roles: frozenset
    needs_note: bool = False
    needs_time: bool = False


BOARD = frozenset({R.BAN_TCD})
# Moves that leave the state as it is (a draft submitted for approval, or sent back): see `perform`.
SUBMISSION_MOVES = frozenset({"submit", "send_back"})
APPROVERS = frozenset({R.CHU_TICH, R.VP_UBND})
CLOSERS = frozenset({R.VP_UBND})
ACTIONS = {
    a.code: a
    for a in [
        SessionAction("submit", "submit", gettext_lazy("Submit for approval"), BOARD),
        SessionAction(
            "send_back", "send_back", gettext_lazy("Send back for changes"), APPROVERS, needs_note=True
        ),
        SessionAction("approve", "approve", gettext_lazy("Approve"), APPROVERS),
        SessionAction("announce", "announce", gettext_lazy("Announce"), BOARD),
        SessionAction("declare_ready", "declare_ready", gettext_lazy("Declare ready"), BOARD),
        SessionAction(
            "reschedule", "reschedule", gettext_lazy("Move the time"), BOARD, needs_note=True, needs_time=True
        ),
        SessionAction("cancel", "cancel", gettext_lazy("Cancel the session"), BOARD, needs_note=True),
        SessionAction("start", "start_session", gettext_lazy("Start the session"), BOARD),
        SessionAction("conclude", "conclude", gettext_lazy("Conclude the session"), BOARD),
        SessionAction("close", "close", gettext_lazy("Close the session file"), CLOSERS),
    ]
}


def _iso(moment):
    return moment.isoformat() if moment else None


def _role_allows(user, action: SessionAction) -> bool:
    return bool(user_roles(user) & action.roles)


def session_sites(session):
    from addons.tiepdan_bridge.models import BridgeSite

    return list(BridgeSite.objects.filter(pk__in=rules.session_site_ids(session)).order_by("level", "code"))


def session_readiness(session):
    """The bridge module's judgement for this session's sites and start (never re-implemented here)."""
    return readiness(session_sites(session), session.start, since=session.announced_at)


def _agenda_problems(session) -> list[str]:
    items = list(session.agenda.select_related("case"))
    if not items:
        return [_("Put at least one case on the agenda first.")]
    problems = []
    for item in items:
        for problem in rules.case_problems_for_announce(item.case):
            problems.append(f"{item.case.code}: {problem}")
    return problems


def close_problems(session) -> list[str]:
    """`close` (vp_ubnd, from `concluded`): the minutes confirmed item by item (the console's
    `minutes_confirmed`), every directive issued, and an archived, verified recording — or the chair's
    signed-off reason for its absence."""
    problems = []
    if not minutes.minutes_confirmed(session):
        problems.append(
            _("The minutes are not confirmed: a heard item still awaits the citizens' signatures.")
        )
    drafted = session.directives.alive().filter(issued_at__isnull=True).count()
    if drafted:
        problems.append(
            _("%(count)d directive(s) drafted at the console are not issued yet.") % {"count": drafted}
        )
    return problems + recordings.recording_problems(session)


def _guard(session, action: SessionAction, params: dict) -> str | None:
    code = action.code
    if code == "submit":
        return " ".join(_agenda_problems(session)) or None
    if code in ("approve", "send_back") and session.submitted_at is None:
        return _("The board has not submitted this session for approval yet.")
    if code == "announce":
        problems = rules.notice_problems(session.start) + _agenda_problems(session)
        problems += rules.overlap_problems(session)
        return " ".join(problems) or None
    if code == "declare_ready":
        result = session_readiness(session)
        if not result.ready:
            return _(
                "Not every site has passed its test run for every item in time (no later than %(day)s, "
                "Decree 154 art. 23.1): %(count)d item(s) missing; see the readiness page."
            ) % {"day": result.test_run_deadline.strftime("%d/%m/%Y"), "count": len(result.missing_test_runs)}
    if code == "start":
        result = session_readiness(session)
        if not result.can_start:
            return _(
                "The session may start only when every site has passed its test run and is connected no "
                "later than 1 hour before the start (Decree 154 art. 23.1): %(count)d check(s) missing; see "
                "the readiness page."
            ) % {"count": len(set(result.missing_test_runs) | set(result.missing_final_checks))}
    if code == "conclude":
        return " ".join(console.outcome_problems(session)) or None
    if code == "close":
        return " ".join(close_problems(session)) or None
    if code == "reschedule":
        start, end = params.get("start"), params.get("end")
        problems = rules.notice_problems(start) + rules.overlap_problems(session, start, end)
        return " ".join(problems) or None
    return None


def allowed_actions(user, session) -> list[SessionAction]:
    """The moves this user can make now (the buttons a screen shows)."""
    return [
        a
        for a in ACTIONS.values()
        if _role_allows(user, a)
        and can_proceed(getattr(session, a.method))
        and (a.code not in ("submit",) or session.submitted_at is None)
        and (a.code not in ("approve", "send_back") or session.submitted_at is not None)
    ]


def _create_room(session):
    if session.external_meeting_url:
        room = get_provider("external").create_room(f"session:{session.pk}", url=session.external_meeting_url)
    else:
        room = get_provider().create_room(f"session:{session.code}")
    session.video_provider, session.video_room, session.video_url = room.provider, room.name, room.url


def _time_params(params):
    start, end = params.get("start"), params.get("end")
    errors = {}
    if start is None:
        errors["start"] = [_("Enter the new start.")]
    if end is None:
        errors["end"] = [_("Enter the new end.")]
    if not errors and end <= start:
        errors["end"] = [_("The end must come after the start.")]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], fields=errors)
    return start, end


def perform(actor, session_id, action_code: str, note: str = "", **params) -> ReceptionSession:
    """Move a session. Raises NotFound (404), NotAllowed (403), Invalid (400) or Conflict (409)."""
    action = move_action(ACTIONS, action_code)
    note = (note or "").strip()
    with locked_move(
        actor,
        ReceptionSession,
        session_id,
        action,
        note,
        allowed=lambda session: _role_allows(actor, action),
        messages={
            "not_found": _("Session not found."),
            "forbidden": _("Your role may not “%(action)s” this session.") % {"action": action.label},
            "impossible": lambda session: (
                _("A session that is “%(state)s” cannot be “%(action)s”.")
                % {"state": session.get_state_display(), "action": action.label}
            ),
        },
    ) as move:
        session = move.obj
        if action.needs_time:
            params["start"], params["end"] = _time_params(params)
        reason = _guard(session, action, params)
        if reason:
            raise Conflict(reason, code="rule_violated")
        submitted_before = session.submitted_at
        changes = {}
        was_announced = session.announced_at is not None
        getattr(session, action.method)()
        now = timezone.now()
        if action.code == "submit":
            session.submitted_at = now
        elif action.code == "send_back":
            session.submitted_at = None
        elif action.code == "approve":
            session.approved_at = now
            if R.CHU_TICH not in user_roles(actor):
                changes["on_behalf_of_chair"] = True  # vp_ubnd approves on the chairman's behalf
            if not session.video_room:
                _create_room(session)
        elif action.code == "announce":
            session.announced_at = now
            for item in session.agenda.select_related("case"):
                if item.case.state == "accepted":
                    case_workflow.perform(actor, item.case_id, "schedule", note=session.code)
        elif action.code == "reschedule":
            changes["start"] = [session.start.isoformat(), params["start"].isoformat()]
            changes["end"] = [session.end.isoformat(), params["end"].isoformat()]
            shift = params["start"] - session.start
            session.start, session.end = params["start"], params["end"]
            session.version += 1
            session.announced_at = None
            for item in session.agenda.all():
                item.slot_start += shift
                item.slot_end += shift
                item.save(update_fields=["slot_start", "slot_end"])
        elif action.code == "start":
            session.started_at = now
            first = session.agenda.order_by("order").first()
            if first is not None:
                first.started_at = now
                first.save(update_fields=["started_at"])
            session.current_item = first
        elif action.code == "conclude":
            session.concluded_at = now
            session.current_item = None
            session.agenda.update(is_open=False)
        elif action.code == "close":
            session.closed_at = now
        elif action.code == "cancel":
            session.cancel_reason = note
            session.agenda.update(is_open=False)
            for item in session.agenda.select_related("case"):
                if item.case.state == "scheduled":
                    case_workflow.perform(
                        actor,
                        item.case_id,
                        "unschedule",
                        note=_("Session %(code)s cancelled: %(reason)s")
                        % {"code": session.code, "reason": note},
                    )
        session.save()
        if action.code == "conclude":
            # One directive per instruction the chairman gave: the drafts become issued directives.
            directives.issue_directives(session, actor=actor)
        if action.code in SUBMISSION_MOVES:
            # DESIGN.md has no `submitted` session state: submitting (and sending back) is recorded as what
            # it is — the submission time set or cleared — not as a draft → draft state change.
            move.kind = "changed"
            move.changes = {"submitted_at": [_iso(submitted_before), _iso(session.submitted_at)]}
        else:
            move.changes = changes
        if action.code == "announce":
            notices.announced(session, actor)
        elif action.code == "reschedule" and was_announced:
            notices.moved(session, actor, note)
        elif action.code == "cancel" and was_announced:
            notices.cancelled(session, actor, note)
        # The history row is written by locked_move as the block ends, in the same transaction.
    return session
