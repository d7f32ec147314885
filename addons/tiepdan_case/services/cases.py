"""Creating and editing cases, their citizens, and the rules that apply before a case moves on."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles as R
from ..choices import (
    AUTHORISED_ROLES,
    ORGANISATION_REPRESENTATIVE,
    CaseState,
    CaseType,
    Eligibility,
    ParticipantRole,
)
from ..models import Case, CaseParticipant
from ..roles import user_roles
from ..scoping import is_commune_clerk, user_commune_id
from . import deadlines
from .audit import diff, record_event, snapshot
from .calendar import add_working_days
from .errors import Conflict, Invalid, NotAllowed, validate_model
from .identity import CASE_TEXT_COPIES, case_text, is_handler, must_mask, secret_note
from .notifications import notify_users
from .sequence import next_case_code

OUTCOME_WORKING_DAYS = 10  # Luật Tiếp công dân art. 28.1
EDITABLE_FIELDS = (
    "case_type", "title", "summary", "unit", "received_date", "channel", "group_size", "identity_protection",
    "eligibility", "wishes_online", "within_provincial_competence", "previous_handling", "is_repeat",
    "outcome_notified_on", "representatives_appointment", "representatives_appointment_file",
    "needs_verification", "processing_done_on", "forwarded_on",
    "redacted_title", "redacted_summary", "redacted_previous_handling", "organisation_name",
    "organisation_address",
)  # fmt: skip
OPEN_STATES = {CaseState.DRAFT, CaseState.RETURNED}
TERMINAL_STATES = {CaseState.CLOSED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.IN_PERSON}


def representatives_errors(group_size: int, participant_roles: list[str]) -> list[str]:
    """Luật TCD art. 29, NĐ 154 art. 22.4: 5–10 people choose 1–2 representatives; more than 10 may
    choose more, never above 5. A list never has more names than the head count."""
    errors = []
    reps = sum(1 for r in participant_roles if r == ParticipantRole.NGUOI_DAI_DIEN)
    if not participant_roles:
        errors.append(_("Add at least one citizen to the case."))
    if len(participant_roles) > group_size:
        errors.append(
            _(
                "The case lists %(listed)d citizens but says %(size)d people came; correct the number of people."
            )
            % {"listed": len(participant_roles), "size": group_size}
        )
    if 5 <= group_size <= 10 and not 1 <= reps <= 2:
        errors.append(
            _("5 to 10 people raising one matter choose 1 or 2 representatives; this case has %(reps)d.")
            % {"reps": reps}
        )
    elif group_size > 10 and not 1 <= reps <= 5:
        errors.append(
            _("More than 10 people raising one matter choose 1 to 5 representatives; this case has %(reps)d.")
            % {"reps": reps}
        )
    return errors


def case_rule_errors(case: Case) -> dict[str, list[str]]:
    """Rules a case must meet before it is submitted (field → messages)."""
    errors: dict[str, list[str]] = {}
    roles = [p.role for p in case.participants.all()]  # uses a list's prefetch when there is one
    rep_errors = representatives_errors(case.group_size, roles)
    if rep_errors:
        errors["participants"] = rep_errors
    if case.eligibility == Eligibility.TO_CAO_PHUC_TAP and (
        case.case_type != CaseType.TO_CAO or case.identity_protection
    ):
        errors["eligibility"] = [
            _("This eligibility is only for a denunciation whose denouncer does not ask for protection.")
        ]
    return errors


def outcome_due(received: dt.date) -> dt.date:
    return add_working_days(received, OUTCOME_WORKING_DAYS)


def is_outcome_overdue(case: Case, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(case.outcome_due and not case.outcome_notified_on and today > case.outcome_due)


def can_edit(user, case: Case) -> bool:
    """The registering commune edits drafts and returned cases; the board and the office edit any open case."""
    roles = user_roles(user)
    if case.state in TERMINAL_STATES:
        return False
    if roles & R.CASE_OFFICE:
        return True
    if R.UBND_XA in roles and case.unit_id == user_commune_id(user):
        return case.state in OPEN_STATES
    return False


def can_create(user) -> bool:
    return bool(user_roles(user) & (R.CASE_OFFICE | {R.UBND_XA}))


# Free text that may name the denouncer, and the handler's redacted copies of it: a non-handler reads
# the copy (or SECRET_TEXT), so may write none of them.
REDACTED_TEXT_FIELDS = (*CASE_TEXT_COPIES, *CASE_TEXT_COPIES.values(), "representatives_appointment")


def _drop_unchanged_redacted_text(actor, case: Case, data: dict) -> dict:
    """For a user who sees the denouncer masked: sending the text back as shown (the copy) or as stored
    changes nothing; any other value would write free text on a denunciation they do not handle."""
    kept = dict(data)
    for field in REDACTED_TEXT_FIELDS:
        if field not in kept:
            continue
        stored = getattr(case, field)
        if field in CASE_TEXT_COPIES:
            shown = case_text(case, field, masked=True)
        elif field == "representatives_appointment":  # may name the group's people
            shown = secret_note(stored, masked=True)
        else:
            shown = stored
        if kept[field] in (stored, shown):
            del kept[field]
        else:
            raise NotAllowed(
                _("Only a handler of this denunciation may write its title, summary or earlier handling.")
            )
    return kept


def _shielded_edit_refused() -> NotAllowed:
    return NotAllowed(
        _(
            "Only a handler of this denunciation may change its type, its request for protection or its citizens."
        )
    )


def _would_handle(actor, case: Case) -> bool:
    """Whether `actor` handles `case` by role or commune (also for a case not saved yet)."""
    roles = user_roles(actor)
    if roles & R.CASE_HANDLER_ROLES:
        return True
    if R.UBND_XA in roles and user_commune_id(actor) in {case.unit_id, case.registered_unit_id}:
        return True
    return case.pk is not None and is_handler(actor, case)


def _value_changes(case: Case, data: dict, field: str) -> bool:
    if field not in data:
        return False
    new = data[field]
    old = getattr(case, f"{field}_id") if field == "unit" else getattr(case, field)
    return getattr(new, "pk", new) != old


def _refuse_custody_changes(actor, case: Case, data: dict) -> dict:
    """The commune moves only through `handlers.move_case` (a board handler, with a reason); the type and
    the protection request of a denunciation change only by its handlers."""
    if _value_changes(case, data, "unit"):
        raise NotAllowed(
            _(
                "Only a handler from the Citizen Reception Board may move a case to another commune, with a reason."
            ),
            fields={"unit": [_("Move the case with a reason instead.")]},
        )
    data = {k: v for k, v in data.items() if k != "unit"}
    retyped = _value_changes(case, data, "case_type") and CaseType.TO_CAO in (
        case.case_type,
        data["case_type"],
    )
    if (retyped or (case.is_protected and _value_changes(case, data, "identity_protection"))) and not (
        _would_handle(actor, case)
    ):
        raise _shielded_edit_refused()
    return data


def _add_participants(case: Case, participants) -> None:
    for citizen, role, *rest in participants:
        document = ((rest[0] if rest else "") or "").strip()
        if role in AUTHORISED_ROLES and not document:
            message = _("A proxy or lawyer must show their authorisation document (Decree 154 art. 13).")
            raise Invalid(message, fields={"participants": [message]})
        if role == ORGANISATION_REPRESENTATIVE and not document:
            message = _(
                "The representative of an organisation shows the paper that proves it: the decision "
                "naming its head or the head's authorisation (Decree 154 art. 13.1)."
            )
            raise Invalid(message, fields={"participants": [message]})
        CaseParticipant.objects.create(case=case, citizen=citizen, role=role, authorization_document=document)


def _check_representatives_after_submission(case: Case) -> None:
    """Luật TCD arts. 29–30: once the case has left the commune, every change of its people or head count
    keeps the representatives rule (a draft is checked when it is sent)."""
    if case.state in OPEN_STATES:
        return
    errors = representatives_errors(case.group_size, [p.role for p in case.participants.all()])
    if errors:
        raise Invalid(" ".join(errors), fields={"participants": errors})


def _check_appointment_file(case: Case) -> None:
    document = case.representatives_appointment_file
    if document is not None and document.case_id != case.pk:
        message = _("Choose the scanned appointment among this case's own documents.")
        raise Invalid(message, fields={"representatives_appointment_file": [message]})


def _prepare(case: Case, actor) -> None:
    if case.pk is None and is_commune_clerk(actor):
        commune = user_commune_id(actor)
        if not commune:
            raise NotAllowed(_("Your account is not linked to a commune; ask the administrator."))
        case.unit_id = commune  # a commune registers only its own cases
    case.refresh_group_flag()  # before full_clean, which checks the group constraint
    if case.received_date:
        case.outcome_due = outcome_due(case.received_date)
    deadlines.refresh_due_dates(case)  # Luật Tố cáo art. 24


def _validate(case: Case) -> None:
    validate_model(case, exclude=["code", "state"])


def create_case(actor, data: dict, participants=()) -> Case:
    """Register a case (draft) with its citizens: participants = [(citizen, role, authorization_document)]."""
    if not can_create(actor):
        raise NotAllowed(_("Your role may not register cases."))
    case = Case(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    _prepare(case, actor)
    if case.is_protected and not _would_handle(actor, case):
        # Whoever registers a denunciation reads the denouncer's identity: only a handler may.
        raise NotAllowed(
            _("Only the Citizen Reception Board or the commune that receives it may register a denunciation.")
        )
    case.code = "pending"
    _validate(case)
    with transaction.atomic():
        case.code = next_case_code((case.received_date or timezone.localdate()).year)
        case.created_by = actor if getattr(actor, "is_authenticated", False) else None
        case.save()
        _add_participants(case, participants)
        record_event(
            case, actor, "created", to_state=case.state,
            changes={"participants": [[c.pk, r] for c, r, *_ in participants]} if participants else {},
        )  # fmt: skip
    return case


def update_case(actor, case: Case, data: dict) -> Case:
    """Change a case's fields, recording exactly what changed."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not can_edit(actor, locked):
            raise NotAllowed(_("You may not change this case in its current state."))
        before = snapshot(locked, EDITABLE_FIELDS)
        data = _refuse_custody_changes(actor, locked, data)
        shielded = must_mask(actor, locked)
        if shielded:
            data = _drop_unchanged_redacted_text(actor, locked, data)
        asked_before = locked.asks_protection
        for key, value in data.items():
            if key in EDITABLE_FIELDS:
                setattr(locked, key, value)
        _prepare(locked, actor)
        _validate(locked)
        _check_appointment_file(locked)
        changes = diff(before, snapshot(locked, EDITABLE_FIELDS))
        if "group_size" in changes:
            _check_representatives_after_submission(locked)
        if changes:
            if locked.asks_protection and not asked_before:
                _protection_asked(actor, locked)
            locked.save()
            record_event(locked, actor, "changed", changes=changes)
        return locked


ALREADY_HEARD = {CaseState.RECEIVED, CaseState.FOLLOWING_UP, CaseState.CLOSED}


def _protection_asked(actor, case: Case) -> None:
    """The denouncer now asks for protection measures (NĐ 154 art. 20.4): the case can never be received
    online. A scheduled case leaves the agenda and goes back to `accepted`; an accepted one stays there
    and the board is told; a case already heard cannot be changed any more."""
    from ..signals import case_left_schedule

    if case.state in ALREADY_HEARD:
        message = _(
            "The case has already been received; record the request for protection measures in a note and "
            "ask the Citizen Reception Board (Decree 154 art. 20.4)."
        )
        raise Conflict(message, code="rule_violated", fields={"identity_protection": [message]})
    if case.state not in (CaseState.ACCEPTED, CaseState.SCHEDULED):
        return
    reason = _(
        "The denouncer asks for protection measures: the case can never be received online "
        "(Decree 154 art. 20.4)."
    )
    from_state = case.state
    if case.state == CaseState.SCHEDULED:
        case.unschedule()
    event = record_event(
        case, actor, "transition", action="protection_requested", from_state=from_state, to_state=case.state,
        note=reason,
    )  # fmt: skip
    board = get_user_model().objects.filter(is_active=True, groups__name=R.BAN_TCD)
    notify_users(
        board,
        subject=_("Case %(code)s: the denouncer asks for protection measures") % {"code": case.code},
        body=reason
        + "\n"
        + _("The case is now “%(state)s” and can no longer be received online.")
        % {"state": CaseState(case.state).label},
        link=reverse("admin:tiepdan_case_case_change", args=[case.pk]),
        key=f"case:{case.pk}:protection:{event.pk}",
    )
    if from_state == CaseState.SCHEDULED:
        case_left_schedule.send(sender=Case, case=case, actor=actor, reason=reason)


def set_participants(actor, case: Case, participants) -> None:
    """Replace the case's citizens: participants = [(citizen, role, authorization_document)]."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not can_edit(actor, locked):
            raise NotAllowed(_("You may not change this case in its current state."))
        if must_mask(actor, locked):
            raise _shielded_edit_refused()
        before = sorted([p.citizen_id, p.role] for p in locked.participants.all())
        locked.participants.all().delete()
        _add_participants(locked, participants)
        _check_representatives_after_submission(locked)
        after = sorted([c.pk, r] for c, r, *_ in participants)
        if before != after:
            record_event(locked, actor, "changed", changes={"participants": [before, after]})
