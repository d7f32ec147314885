"""The chairman's directives (TEAM.md interface 1; NĐ 154 art. 25.2–25.3).

Drafted at the console while the session runs (`draft_directive`, `update_draft`, `delete_draft`: only
the board, only before `conclude`), issued at `conclude` (`issue_directives`, called inside the console's
transaction: the deadline is fixed on the working-day calendar, the lead agency is notified through the
outbox, each case moves to `following_up` through the case workflow). Every change: one transaction, the
row locked, the role checked, one AuditEvent on the directive.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AdministrativeUnit, Agency, CalendarDay, Case
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_agency_id, user_commune_id
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.audit import diff, history_of, record_event, snapshot
from addons.tiepdan_case.services.calendar import add_working_days, is_working_day, working_days_between
from addons.tiepdan_case.services.case_workflow import NotFound
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed
from addons.tiepdan_case.services.notifications import notify_users
from addons.tiepdan_case.services.uploads import stored_file as _stored_file

from ..choices import SessionState
from ..models import AgendaItem, CaseAnswer, Directive, DirectiveReport, ReceptionSession
from ..models.directive import AGENCY_TURN
from ..models.directive import DirectiveState as D

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
    row = Directive.objects.select_for_update().alive().filter(pk=directive_id).first()
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


def delete_draft(directive, *, actor, reason: str = "") -> None:
    """Remove a drafted directive before `conclude`: a soft delete with its reason (issue 12), never an
    erasure; the history of the session and of the directive each keep a row."""
    from addons.tiepdan_case.services.deletion import soft_delete

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
        soft_delete(row, reason=reason or _("Removed from the drafts at the console."), actor=actor)


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
            .alive()
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


# --- follow-up: progress reports, reported, accepted or sent back ----------------------------------
BOARD = frozenset({R.BAN_TCD})
ANSWER_RECORDERS = frozenset({R.BAN_TCD, R.VP_UBND})


def acts_as(user, directive) -> str | None:
    """ "lead" when the user acts for the directive's lead (the agency's user, or the lead commune's
    clerk), "support" for a supporting agency's user, else None."""
    if not getattr(user, "is_authenticated", False) or directive.issued_at is None:
        return None
    agency = user_agency_id(user)
    if directive.lead_agency_id and agency == directive.lead_agency_id:
        return "lead"
    if directive.lead_unit_id and R.UBND_XA in user_roles(user):
        if user_commune_id(user) == directive.lead_unit_id:
            return "lead"
    if agency and directive.supporting_agencies.filter(pk=agency).exists():
        return "support"
    return None


def _lock_visible(actor, directive) -> Directive:
    """The directive among those the actor may see, locked (else NotFound: 404)."""
    directive_id = getattr(directive, "pk", directive)
    row = (
        Directive.objects.select_for_update()
        .filter(pk=directive_id, pk__in=Directive.objects.visible_to(actor).values("pk"))
        .first()
    )
    if row is None:
        raise NotFound(_("Directive not found."))
    if row.issued_at is None:
        raise Conflict(_("This directive has not been issued yet."))
    return row


def _add_report(directive, actor, text, uploaded, *, final=False) -> DirectiveReport:
    report = DirectiveReport(
        directive=directive,
        text=text,
        is_final=final,
        agency_id=user_agency_id(actor),
        created_by=actor,
    )
    if uploaded is not None:
        info = _stored_file(uploaded)
        report.original_name, report.content_type = info["name"], info["mime"]
        report.size, report.sha256 = info["size"], info["sha256"]
        uploaded.seek(0)
        report.file.save(info["name"], File(uploaded), save=False)
    report.save()
    return report


def post_report(directive, *, actor, text, file=None) -> DirectiveReport:
    """A progress report (with an optional document) by the lead or a supporting agency. The lead's
    first report moves the directive from `open` to `in_progress`."""
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the progress."), fields={"text": [_("Write the progress.")]})
    with transaction.atomic():
        row = _lock_visible(actor, directive)
        role = acts_as(actor, row)
        if role is None:
            raise NotAllowed(_("Only the lead or a supporting agency reports on this directive."))
        if row.state not in AGENCY_TURN:
            raise Conflict(
                _("A directive that is “%(state)s” takes no progress report.")
                % {"state": row.get_state_display()}
            )
        from_state = row.state
        report = _add_report(row, actor, text, file)
        if role == "lead" and row.state == D.OPEN:
            row.report_progress()
            row.save()
        record_event(
            row,
            actor,
            "transition" if row.state != from_state else "changed",
            action="report_progress",
            from_state=from_state,
            to_state=row.state,
            changes={"report": [None, report.pk]},
        )
    return report


def mark_reported(
    directive, *, actor, text, answer_number="", answer_date=None, answer_file=None, file=None
) -> Directive:
    """The lead reports the directive carried out, with the written answer sent to the citizen (its
    number, date and file) when the chairman asked for one. The board then accepts or sends it back."""
    text = (text or "").strip()
    answer_number = (answer_number or "").strip()
    errors = {}
    if not text:
        errors["text"] = [_("Write what was done.")]
    with transaction.atomic():
        row = _lock_visible(actor, directive)
        if acts_as(actor, row) != "lead":
            raise NotAllowed(_("Only the lead of the directive reports it carried out."))
        if row.state not in AGENCY_TURN:
            raise Conflict(
                _("A directive that is “%(state)s” cannot be reported again.")
                % {"state": row.get_state_display()}
            )
        if row.must_answer_citizen:
            if not answer_number:
                errors["answer_number"] = [_("Enter the number of the written answer to the citizen.")]
            if answer_date is None:
                errors["answer_date"] = [_("Enter the date of the written answer to the citizen.")]
            if answer_file is None and not row.answer_file:
                errors["answer_file"] = [_("Attach the written answer sent to the citizen.")]
        if answer_date is not None and answer_date > timezone.localdate():
            errors["answer_date"] = [_("The answer cannot be dated in the future.")]
        if answer_date is not None and answer_date < timezone.localtime(row.issued_at).date():
            errors["answer_date"] = [_("The answer cannot be dated before the directive was issued.")]
        answer = _stored_file(answer_file) if answer_file is not None else None
        if errors:
            raise Invalid(next(iter(errors.values()))[0], fields=errors)
        from_state = row.state
        report = _add_report(row, actor, text, file, final=True)
        row.answer_number, row.answer_date = answer_number, answer_date
        if answer is not None:
            row.answer_file_name, row.answer_sha256 = answer["name"], answer["sha256"]
            answer_file.seek(0)
            row.answer_file.save(answer["name"], File(answer_file), save=False)
        row.reported_at, row.reported_by = timezone.now(), actor
        row.mark_reported()
        row.save()
        record_event(
            row,
            actor,
            "transition",
            action="mark_reported",
            from_state=from_state,
            to_state=row.state,
            changes={"report": [None, report.pk], "answer_number": [None, answer_number]},
        )
        notify_users(
            _board_users(),
            subject=_("Directive reported: case %(case)s") % {"case": row.case.code},
            body=_(
                "The lead of directive #%(pk)s on case %(case)s reported it carried out: accept it or send it back."
            )
            % {"pk": row.pk, "case": row.case.code},
            link=directive_link(row),
            key=f"directive:{row.pk}:reported:{row.reported_at.isoformat()}",
        )
    return row


def _board_users():
    return get_user_model().objects.filter(is_active=True, groups__name=R.BAN_TCD).distinct()


def _require_board(actor):
    if not getattr(actor, "is_authenticated", False) or not user_roles(actor) & BOARD:
        raise NotAllowed(_("Only the Citizen Reception Board accepts or sends back a report."))


def accept(directive, *, actor, note="") -> Directive:
    """The board accepts the report: the directive is done; when every directive of the case is done the
    case closes through the case workflow."""
    _require_board(actor)
    with transaction.atomic():
        row = _lock_visible(actor, directive)
        if row.state != D.REPORTED:
            raise Conflict(
                _("Only a reported directive can be accepted; this one is “%(state)s”.")
                % {"state": row.get_state_display()}
            )
        from_state = row.state
        row.accept()
        row.accepted_at, row.accepted_by = timezone.now(), actor
        row.save()
        record_event(
            row, actor, "transition", action="accept", from_state=from_state, to_state=row.state, note=note
        )
        notify_users(
            lead_users(row),
            subject=_("Directive accepted as done: case %(case)s") % {"case": row.case.code},
            body=_("The Citizen Reception Board accepted your report on directive #%(pk)s (case %(case)s).")
            % {"pk": row.pk, "case": row.case.code},
            link=directive_link(row),
            key=f"directive:{row.pk}:accepted",
        )
        close_case_if_done(row.case_id, actor)
    return row


def send_back(directive, *, actor, reason) -> Directive:
    """The board sends the report back with a reason: the directive is in progress again (the deadline
    keeps running)."""
    _require_board(actor)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Write the reason."), fields={"reason": [_("Write the reason.")]})
    with transaction.atomic():
        row = _lock_visible(actor, directive)
        if row.state != D.REPORTED:
            raise Conflict(
                _("Only a reported directive can be sent back; this one is “%(state)s”.")
                % {"state": row.get_state_display()}
            )
        from_state = row.state
        row.return_()
        row.return_reason = reason
        row.save()
        record_event(
            row, actor, "transition", action="return", from_state=from_state, to_state=row.state, note=reason
        )
        returned = history_of(row).filter(action="return").count()
        notify_users(
            lead_users(row),
            subject=_("Report sent back: case %(case)s") % {"case": row.case.code},
            body=_(
                "The Citizen Reception Board sent back your report on directive #%(pk)s (case %(case)s). "
                "Open the directive for the reason."
            )
            % {"pk": row.pk, "case": row.case.code},
            link=directive_link(row),
            key=f"directive:{row.pk}:returned:{returned}",
        )
    return row


# --- case closure -----------------------------------------------------------------------------------


def open_directives_problem(case) -> str | None:
    """Guard of the case workflow's `close` (registered in apps.py): never while a directive of the case
    is not done."""
    if Directive.objects.alive().filter(case=case).exclude(state=D.DONE).exists():
        return _("The case still has directives of the chairman that are not done.")
    return None


def close_case_if_done(case_id, actor) -> bool:
    """Every issued directive of the case done: `following_up` → `closed` (through the case workflow)."""
    case = Case.objects.get(pk=case_id)
    rows = Directive.objects.alive().filter(case_id=case_id)
    if not rows.exists() or rows.exclude(state=D.DONE).exists():
        return False
    if case.state == "received":
        case_workflow.perform(actor, case_id, "follow_up")
        case.refresh_from_db()
    if case.state != "following_up":
        return False
    case_workflow.perform(actor, case_id, "close", note=_("Every directive of the chairman is done."))
    return True


def record_case_answer(case, *, actor, number, answered_on, file=None) -> CaseAnswer:
    """The written answer to the citizen of a heard case on which the chairman gave no directive; the
    case then closes through the case workflow."""
    if not getattr(actor, "is_authenticated", False) or not user_roles(actor) & ANSWER_RECORDERS:
        raise NotAllowed(_("Only the Citizen Reception Board or the Provincial Office records the answer."))
    number = (number or "").strip()
    errors = {}
    if not number:
        errors["number"] = [_("Enter the number of the written answer to the citizen.")]
    if answered_on is None:
        errors["answered_on"] = [_("Enter the date of the written answer to the citizen.")]
    elif answered_on > timezone.localdate():
        errors["answered_on"] = [_("The answer cannot be dated in the future.")]
    if errors:
        raise Invalid(next(iter(errors.values()))[0], fields=errors)
    stored = _stored_file(file) if file is not None else None
    with transaction.atomic():
        case_id = getattr(case, "pk", case)
        locked = (
            Case.objects.select_for_update()
            .filter(pk=case_id, pk__in=Case.objects.visible_to(actor).values("pk"))
            .first()
        )
        if locked is None:
            raise NotFound(_("Case not found."))
        if locked.state != "received":
            raise Conflict(
                _("Only a heard case waiting for its answer takes one; this case is “%(state)s”.")
                % {"state": locked.get_state_display()}
            )
        if Directive.objects.alive().filter(case=locked).exists():
            raise Conflict(
                _("The chairman gave directives on this case: it closes when they are done."),
                code="rule_violated",
            )
        if CaseAnswer.objects.filter(case=locked).exists():
            raise Conflict(_("The answer to the citizen is already recorded."))
        item = AgendaItem.objects.filter(case=locked).order_by("-session__start").first()
        answer = CaseAnswer(
            case=locked, agenda_item=item, number=number, answered_on=answered_on, recorded_by=actor
        )
        if stored is not None:
            answer.file_name, answer.sha256 = stored["name"], stored["sha256"]
            file.seek(0)
            answer.file.save(stored["name"], File(file), save=False)
        answer.save()
        record_event(locked, actor, "changed", changes={"answer_to_citizen": [None, number]})
        case_workflow.perform(
            actor, locked.pk, "close", note=_("Answer %(number)s sent to the citizen.") % {"number": number}
        )
    return answer


# --- deadlines: overdue, reminders, escalation -----------------------------------------------------


def overdue_q(today=None) -> Q:
    """Issued, still the agency's turn, and the deadline passed (the working-day calendar set it)."""
    today = today or timezone.localdate()
    return Q(issued_at__isnull=False, state__in=AGENCY_TURN, deadline__lt=today)


def is_overdue(directive, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(
        directive.issued_at
        and directive.state in AGENCY_TURN
        and directive.deadline is not None
        and directive.deadline < today
    )


def working_days_late(directive, today=None) -> int:
    """Working days past the deadline (holidays and weekends do not count)."""
    return LateDays(today).of(directive)


class LateDays:
    """Working days late for the rows of a list with one calendar query: lists are ordered by deadline, so
    the first overdue row has the earliest deadline and later rows reuse its calendar window."""

    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self.since = None
        self.exceptions = {}

    def of(self, directive) -> int:
        if not is_overdue(directive, self.today):
            return 0
        deadline = directive.deadline
        if self.since is None or deadline < self.since:
            self.since = deadline
            self.exceptions = dict(
                CalendarDay.objects.filter(date__range=(deadline, self.today)).values_list("date", "kind")
            )
        days = (self.today - deadline).days
        return sum(
            1 for n in range(1, days + 1) if is_working_day(deadline + dt.timedelta(days=n), self.exceptions)
        )


def _reminder_days() -> int:
    return max(0, int(settings.DIRECTIVE_REMINDER_WORKING_DAYS))


def grace_days() -> int:
    return max(0, int(settings.DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS))


def send_reminders(today=None) -> int:
    """Remind the lead before the deadline (`DIRECTIVE_REMINDER_WORKING_DAYS` working days) and on the day.
    Idempotent: each reminder has its own key (a retried or repeated run queues nothing twice)."""
    today = today or timezone.localdate()
    soon = add_working_days(today, _reminder_days()) if _reminder_days() else today
    rows = (
        Directive.objects.filter(
            issued_at__isnull=False, state__in=AGENCY_TURN, deadline__range=(today, soon)
        )
        .select_related("case", "session")
        .order_by("deadline", "id")
    )
    sent = 0
    for row in rows:
        facts = {"pk": row.pk, "case": row.case.code, "deadline": row.deadline.strftime("%d/%m/%Y")}
        if row.deadline == today:
            subject = _("Directive due today: case %(case)s") % facts
            body = (
                _("Directive #%(pk)s on case %(case)s is due today (%(deadline)s): report back today.")
                % facts
            )
            key = f"directive:{row.pk}:due-today:{row.deadline.isoformat()}"
        else:
            subject = _("Directive due on %(deadline)s: case %(case)s") % facts
            body = (
                _("Directive #%(pk)s on case %(case)s is due on %(deadline)s: report back in time.") % facts
            )
            key = f"directive:{row.pk}:due-soon:{row.deadline.isoformat()}"
        notify_users(lead_users(row), subject=subject, body=body, link=directive_link(row), key=key)
        sent += 1
    return sent


def chair_users():
    return get_user_model().objects.filter(is_active=True, groups__name=R.CHU_TICH).distinct()


def escalate_overdue(today=None) -> list[Directive]:
    """An overdue directive more than `DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS` working days past its
    deadline is raised to the chair's attention once (NĐ 154 arts. 6.4, 32), through the outbox."""
    today = today or timezone.localdate()
    raised = []
    candidates = Directive.objects.filter(overdue_q(today), escalated_at__isnull=True).values_list(
        "pk", flat=True
    )
    for pk in list(candidates):
        with transaction.atomic():
            row = (
                Directive.objects.select_for_update(of=("self",))
                .filter(overdue_q(today), pk=pk, escalated_at__isnull=True)
                .select_related("case", "session", "lead_agency", "lead_unit")
                .first()
            )
            if row is None:
                continue
            late = working_days_between(row.deadline, today)
            if late <= grace_days():
                continue
            row.escalated_at = timezone.now()
            row.save(update_fields=["escalated_at", "updated_at"])
            record_event(row, None, "changed", action="escalate", changes={"working_days_late": [None, late]})
            facts = {
                "pk": row.pk,
                "case": row.case.code,
                "session": row.session.code,
                "lead": row.lead_name,
                "deadline": row.deadline.strftime("%d/%m/%Y"),
                "late": late,
            }
            notify_users(
                [*chair_users(), *_board_users()],
                subject=_("Overdue directive raised to the chair: case %(case)s") % facts,
                body=_(
                    "Directive #%(pk)s of session %(session)s on case %(case)s, led by %(lead)s, was due on "
                    "%(deadline)s and is %(late)s working day(s) late."
                )
                % facts,
                link=directive_link(row),
                key=f"directive:{row.pk}:escalated",
            )
            raised.append(row)
    return raised


def overdue_by_lead(user, today=None) -> list[dict]:
    """The overdue directives this user may see, grouped per lead agency or commune (most late first)."""
    today = today or timezone.localdate()
    rows = (
        Directive.objects.visible_to(user)
        .filter(overdue_q(today))
        .select_related("case", "session", "lead_agency", "lead_unit")
        .order_by("deadline", "id")
    )
    groups: dict[tuple, dict] = {}
    late_days = LateDays(today)
    for row in rows:
        key = ("agency", row.lead_agency_id) if row.lead_agency_id else ("unit", row.lead_unit_id)
        group = groups.setdefault(key, {"lead": row.lead_name, "rows": []})
        group["rows"].append({"directive": row, "late": late_days.of(row)})
    result = sorted(groups.values(), key=lambda g: (-len(g["rows"]), g["lead"]))
    for group in result:
        group["count"] = len(group["rows"])
    return result


OVERDUE_LIST_READERS = frozenset({R.BAN_TCD, R.LANH_DAO, R.CHU_TICH})


def can_read_overdue_lists(user) -> bool:
    """The overdue lists per agency: the board, the leaders and the chair (NĐ 154 arts. 6.4, 32)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(user_roles(user) & OVERDUE_LIST_READERS)


def mine_q(user) -> Q:
    """Directives the user's agency leads or supports, or the user's commune leads ("my directives")."""
    q = Q(pk__in=[])
    agency = user_agency_id(user)
    if agency:
        supporting = Directive.supporting_agencies.through.objects.filter(agency_id=agency).values(
            "directive_id"
        )
        q |= Q(lead_agency_id=agency) | Q(pk__in=supporting)
    commune = user_commune_id(user) if R.UBND_XA in user_roles(user) else None
    if commune:
        q |= Q(lead_unit_id=commune)
    return Q(issued_at__isnull=False) & q


def can_decide(user) -> bool:
    """The board accepts a report or sends it back."""
    return bool(getattr(user, "is_authenticated", False)) and bool(user_roles(user) & BOARD)


def can_record_answer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user_roles(user) & ANSWER_RECORDERS)
