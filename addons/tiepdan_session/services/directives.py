"""The chairman's directives (TEAM.md interface 1; NĐ 154 art. 25.2–25.3).

Drafted at the console while the session runs (`draft_directive`, `update_draft`, `delete_draft`: only
the board, only before `conclude`), issued at `conclude` (`issue_directives`, called inside the console's
transaction: the deadline is fixed on the working-day calendar, the lead agency is notified through the
outbox, each case moves to `following_up` through the case workflow). Every change: one transaction, the
row locked, the role checked, one AuditEvent on the directive.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AdministrativeUnit, Agency, Case
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.audit import diff, record_event, snapshot
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed
from addons.tiepdan_case.services.notifications import notify_users

from ..choices import SessionState
from ..models import AgendaItem, Directive, ReceptionSession

S = SessionState
DRAFTERS = frozenset({R.BAN_TCD})
# Directives are drafted while the session runs; `conclude` issues them (before or after its own move).
DRAFT_STATES = (S.IN_PROGRESS,)
ISSUE_STATES = (S.IN_PROGRESS, S.CONCLUDED)
# Cases a directive may be issued on: heard (received), or already following up an earlier directive.
HEARD_CASE_STATES = ("received", "following_up")
DRAFT_FIELDS = (
    "instruction",
    "redacted_instruction",
    "lead_agency",
    "lead_unit",
    "deadline",
    "working_days",
    "must_report",
    "must_answer_citizen",
)


def _require_drafter(actor):
    if not getattr(actor, "is_authenticated", False) or not user_roles(actor) & DRAFTERS:
        raise NotAllowed(_("Only the Citizen Reception Board records the chairman's directives."))


def _require_running(session):
    if session.state not in DRAFT_STATES:
        raise Conflict(
            _("Directives are recorded while the session is in progress; this session is “%(state)s”.")
            % {"state": session.get_state_display()}
        )


def _lock_session(session_id) -> ReceptionSession:
    return ReceptionSession.objects.select_for_update().get(pk=session_id)


def _check_fields(directive: Directive, supporting) -> None:
    errors = {}
    if not (directive.instruction or "").strip():
        errors["instruction"] = [_("Write the chairman's instruction.")]
    if (directive.lead_agency_id is None) == (directive.lead_unit_id is None):
        errors["lead_agency"] = [_("Name exactly one lead: an agency or a commune.")]
    if directive.lead_unit_id is not None:
        unit = AdministrativeUnit.objects.filter(pk=directive.lead_unit_id).first()
        if unit is None or unit.kind == "tinh":
            errors["lead_unit"] = [_("The lead commune must be a commune or ward.")]
    if directive.lead_agency_id is not None:
        agency = Agency.objects.filter(pk=directive.lead_agency_id).first()
        if agency is None or not agency.is_active:
            errors["lead_agency"] = [_("Choose an active agency.")]
    if directive.deadline is None and not directive.working_days:
        errors["deadline"] = [_("Give a deadline: a date or a number of working days.")]
    if directive.deadline is not None and directive.working_days:
        errors["working_days"] = [_("Give either a date or a number of working days, not both.")]
    if directive.deadline is not None and directive.deadline < timezone.localdate():
        errors["deadline"] = [_("The deadline cannot lie in the past.")]
    if directive.working_days is not None and not 0 < directive.working_days <= 365:
        errors["working_days"] = [_("Give between 1 and 365 working days.")]
    supporting_ids = {getattr(a, "pk", a) for a in supporting}
    if directive.lead_agency_id is not None and directive.lead_agency_id in supporting_ids:
        errors["supporting_agencies"] = [_("The lead agency cannot also be a supporting agency.")]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], fields=errors)


def _agencies(values) -> list[Agency]:
    ids = [getattr(a, "pk", a) for a in values or ()]
    found = list(Agency.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        message = _("Unknown agency.")
        raise Invalid(message, fields={"supporting_agencies": [message]})
    return found


def draft_directive(
    item,
    *,
    instruction,
    lead_agency=None,
    lead_unit=None,
    supporting_agencies=(),
    deadline=None,
    working_days=None,
    must_report=True,
    must_answer_citizen=True,
    actor,
    redacted_instruction="",
) -> Directive:
    """Record one instruction the chairman gave on an agenda item (seen only by the session office until
    `issue_directives`). Raises NotAllowed, Conflict (session not running) or Invalid."""
    _require_drafter(actor)
    supporting = _agencies(supporting_agencies)
    with transaction.atomic():
        item_id = getattr(item, "pk", item)
        item = AgendaItem.objects.select_related("case").filter(pk=item_id).first()
        if item is None:
            raise Invalid(_("Agenda item not found."), fields={"agenda_item": [_("Agenda item not found.")]})
        session = _lock_session(item.session_id)
        _require_running(session)
        directive = Directive(
            session=session,
            agenda_item=item,
            case=item.case,
            instruction=(instruction or "").strip(),
            redacted_instruction=(redacted_instruction or "").strip(),
            lead_agency_id=getattr(lead_agency, "pk", lead_agency),
            lead_unit_id=getattr(lead_unit, "pk", lead_unit),
            deadline=deadline,
            working_days=working_days,
            must_report=must_report,
            must_answer_citizen=must_answer_citizen,
            drafted_by=actor,
        )
        _check_fields(directive, supporting)
        directive.save()
        directive.supporting_agencies.set(supporting)
        record_event(
            directive,
            actor,
            "created",
            changes={"supporting_agencies": [None, sorted(a.pk for a in supporting)]},
        )
    return directive


def _lock_draft(directive) -> Directive:
    directive_id = getattr(directive, "pk", directive)
    row = Directive.objects.select_for_update().filter(pk=directive_id).first()
    if row is None:
        raise Invalid(_("Directive not found."))
    if row.issued_at is not None:
        raise Conflict(_("This directive has been issued: it can no longer be corrected."))
    return row


def update_draft(directive, *, actor, **changes) -> Directive:
    """Correct a drafted directive before `conclude` (any of the draft's fields, `supporting_agencies`)."""
    _require_drafter(actor)
    unknown = set(changes) - set(DRAFT_FIELDS) - {"supporting_agencies"}
    if unknown:
        message = _("Unknown field.")
        raise Invalid(message, fields={name: [message] for name in sorted(unknown)})
    with transaction.atomic():
        row = _lock_draft(directive)
        _require_running(_lock_session(row.session_id))
        before = snapshot(row, DRAFT_FIELDS)
        before_supporting = sorted(row.supporting_agencies.values_list("pk", flat=True))
        for key in DRAFT_FIELDS:
            if key not in changes:
                continue
            value = changes[key]
            if key in ("lead_agency", "lead_unit"):
                setattr(row, f"{key}_id", getattr(value, "pk", value))
            elif key in ("instruction", "redacted_instruction"):
                setattr(row, key, (value or "").strip())
            else:
                setattr(row, key, value)
        if "supporting_agencies" in changes:
            supporting = _agencies(changes["supporting_agencies"])
        else:
            supporting = list(row.supporting_agencies.all())
        _check_fields(row, supporting)
        row.save()
        row.supporting_agencies.set(supporting)
        delta = diff(before, snapshot(row, DRAFT_FIELDS))
        after_supporting = sorted(a.pk for a in supporting)
        if after_supporting != before_supporting:
            delta["supporting_agencies"] = [before_supporting, after_supporting]
        if delta:
            record_event(row, actor, "changed", changes=delta)
    return row


def delete_draft(directive, *, actor) -> None:
    """Remove a drafted directive before `conclude` (the history of the session keeps a row)."""
    _require_drafter(actor)
    with transaction.atomic():
        row = _lock_draft(directive)
        session = _lock_session(row.session_id)
        _require_running(session)
        record_event(
            session,
            actor,
            "changed",
            action="delete_directive",
            changes={"directive": [row.pk, None], "case": [row.case_id, None]},
        )
        row.delete()


# --- issuing ---------------------------------------------------------------------------------------


def lead_users(directive):
    """The active users who act for the directive's lead: the agency's users, or the commune's."""
    users = get_user_model().objects.filter(is_active=True)
    if directive.lead_agency_id:
        return users.filter(profile__agency_id=directive.lead_agency_id).distinct()
    return users.filter(groups__name=R.UBND_XA, profile__unit_id=directive.lead_unit_id).distinct()


def supporting_users(directive):
    ids = list(directive.supporting_agencies.values_list("pk", flat=True))
    return get_user_model().objects.filter(is_active=True, profile__agency_id__in=ids).distinct()


def directive_link(directive) -> str:
    return reverse("admin:tiepdan_session_directive_change", args=[directive.pk])


def _issued_notice(directive):
    """No case title and no instruction text in a message: a denunciation's content stays in the app."""
    facts = {
        "session": directive.session.code,
        "case": directive.case.code,
        "deadline": directive.deadline.strftime("%d/%m/%Y"),
    }
    notify_users(
        lead_users(directive),
        subject=_("New directive of the chairman: case %(case)s") % facts,
        body=_(
            "Your agency leads a directive of the chairman given at session %(session)s on case %(case)s. "
            "Report back by %(deadline)s. Open the directive for the instruction."
        )
        % facts,
        link=directive_link(directive),
        key=f"directive:{directive.pk}:issued",
    )
    notify_users(
        supporting_users(directive),
        subject=_("Directive of the chairman to support: case %(case)s") % facts,
        body=_(
            "Your agency supports a directive of the chairman given at session %(session)s on case %(case)s, "
            "due %(deadline)s. Open the directive for the instruction."
        )
        % facts,
        link=directive_link(directive),
        key=f"directive:{directive.pk}:issued-support",
    )


def issue_directives(session, *, actor) -> list[Directive]:
    """Issue every drafted directive of the session (called by `conclude` inside its transaction).

    Fixes each deadline (N working days after today on the calendar), notifies the lead and supporting
    agencies through the outbox, and moves each case to `following_up` through the case workflow.
    Raises Conflict when a directive's case was not heard."""
    _require_drafter(actor)
    with transaction.atomic():
        session = _lock_session(getattr(session, "pk", session))
        if session.state not in ISSUE_STATES:
            raise Conflict(
                _("Directives are issued when the session concludes; this session is “%(state)s”.")
                % {"state": session.get_state_display()}
            )
        drafts = list(
            Directive.objects.select_for_update()
            .filter(session=session, issued_at__isnull=True)
            .select_related("case", "session")
            .order_by("agenda_item__order", "id")
        )
        not_heard = sorted({d.case.code for d in drafts if d.case.state not in HEARD_CASE_STATES})
        if not_heard:
            message = _(
                "Directives can only be issued on heard cases; delete the directives drafted for %(cases)s."
            ) % {"cases": ", ".join(not_heard)}
            raise Conflict(message, code="rule_violated")
        now = timezone.now()
        today = timezone.localdate(now)
        for directive in drafts:
            directive.issued_at = now
            if directive.deadline is None:
                directive.deadline = add_working_days(today, directive.working_days)
            directive.save(update_fields=["issued_at", "deadline", "updated_at"])
            record_event(
                directive,
                actor,
                "transition",
                action="issue",
                to_state=directive.state,
                changes={"deadline": [None, directive.deadline.isoformat()]},
            )
            _issued_notice(directive)
        for case_id in sorted({d.case_id for d in drafts}):
            if Case.objects.filter(pk=case_id, state="received").exists():
                case_workflow.perform(actor, case_id, "follow_up", note=session.code)
    return drafts
