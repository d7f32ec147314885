"""The session on the day (issue 10 "The console"): the operator's moves, the check-in at each site, the
chair's restrictions, item outcomes with their effect on the case, and the confirmation of the minutes.

Every function runs in one transaction, locks the session row, checks the role and the state and writes
one history row on the session. `start` and `conclude` are moves of the state machine (workflow.py).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import Incident
from addons.tiepdan_bridge.models.incidents import IncidentKind
from addons.tiepdan_bridge.services import incidents as incident_service
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.choices import HandlingDirection
from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_commune_id
from addons.tiepdan_case.services import case_workflow, receptions
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.case_workflow import NotFound
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed

from ..choices import AttendanceStatus, ChairCapacity, ConfirmationMethod, ItemOutcome, SessionState
from ..models import (
    AgencyReport,
    AgendaItem,
    Attendance,
    Directive,
    Invitation,
    ItemConfirmation,
    ReceptionSession,
    SiteOfficial,
)
from . import directives, rules

S = SessionState
OPERATORS = frozenset({R.BAN_TCD})
# The chair decides a restriction; the operator may enter it on the chair's word.
RESTRICTORS = frozenset({R.CHU_TICH, R.BAN_TCD})
CHECK_IN_STATES = (S.READY, S.IN_PROGRESS)
CONFIRM_STATES = (S.IN_PROGRESS, S.CONCLUDED)
# The session pages link the live view and the console from the day it is ready.
DAY_STATES = (S.READY, S.IN_PROGRESS, S.CONCLUDED, S.CLOSED)


def is_operator(user) -> bool:
    return bool(user_roles(user) & OPERATORS)


def _require(condition, message):
    if not condition:
        raise NotAllowed(message)


def _locked(actor, session_id, states) -> ReceptionSession:
    session = (
        ReceptionSession.objects.select_for_update()
        .filter(pk=session_id, pk__in=ReceptionSession.objects.visible_to(actor).values("pk"))
        .first()
    )
    if session is None:
        raise NotFound(_("Session not found."))
    if session.state not in states:
        raise Conflict(
            _("Not possible while the session is “%(state)s”.") % {"state": session.get_state_display()}
        )
    return session


def _item(session, item_id) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().filter(session=session, pk=item_id).first()
    if item is None:
        raise NotFound(_("This item is not on the session's agenda."))
    return item


def _event(session, actor, action, note="", **changes):
    record_event(session, actor, "note", action=action, changes=changes, note=note)


# --- the agenda: current item and next ------------------------------------------------------------


def set_current_item(actor, session_id, item_id) -> AgendaItem:
    """Put an item on screen (the operator); its heard-from time starts then."""
    _require(is_operator(actor), _("Only the board's operator runs the session."))
    with transaction.atomic():
        session = _locked(actor, session_id, (S.IN_PROGRESS,))
        item = _item(session, item_id)
        if item.outcome:
            raise Conflict(_("This item already has its outcome."))
        _go_to(session, item, actor)
    return item


def _go_to(session, item, actor):
    if item.started_at is None:
        item.started_at = timezone.now()
        item.save(update_fields=["started_at"])
    session.current_item = item
    session.save(update_fields=["current_item", "updated_at"])
    _event(session, actor, "current_item", item=item.order)


def next_item(actor, session_id) -> AgendaItem | None:
    """Move to the next item without an outcome; the current one must have its outcome first."""
    _require(is_operator(actor), _("Only the board's operator runs the session."))
    with transaction.atomic():
        session = _locked(actor, session_id, (S.IN_PROGRESS,))
        current = session.current_item
        if current is not None and not current.outcome:
            raise Conflict(_("Record the outcome of the current item first."))
        after = current.order if current is not None else -1
        pending = session.agenda.select_for_update().filter(outcome="")
        following = (
            pending.filter(order__gt=after).order_by("order").first() or pending.order_by("order").first()
        )
        if following is None:
            session.current_item = None
            session.save(update_fields=["current_item", "updated_at"])
            _event(session, actor, "current_item", item=None)
            return None
        _go_to(session, following, actor)
    return following


# --- what was said ----------------------------------------------------------------------------------


def record_statements(actor, session_id, item_id, *, presentation=None, conclusion=None) -> AgendaItem:
    """The quick entry of what the citizen presented and of the chair's conclusion."""
    _require(is_operator(actor), _("Only the board's operator runs the session."))
    with transaction.atomic():
        session = _locked(actor, session_id, (S.IN_PROGRESS,))
        item = _item(session, item_id)
        changed = []
        for name, value in (("presentation", presentation), ("conclusion", conclusion)):
            if value is not None and value.strip() != getattr(item, name):
                setattr(item, name, value.strip())
                changed.append(name)
        if changed:
            item.save(update_fields=changed)
            _event(session, actor, "statements", item=item.order, fields=changed)
    return item


def record_agency_report(actor, session_id, item_id, agency, text) -> AgencyReport:
    """What an agency reported on the item (one entry per agency, corrected in place)."""
    _require(is_operator(actor), _("Only the board's operator runs the session."))
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write what the agency reported."), fields={"text": [_("This field is required.")]})
    if not isinstance(agency, Agency):
        agency = Agency.objects.filter(pk=agency).first()
        if agency is None:
            raise Invalid(_("Unknown agency."), fields={"agency": [_("Unknown agency.")]})
    with transaction.atomic():
        session = _locked(actor, session_id, (S.IN_PROGRESS,))
        item = _item(session, item_id)
        report, _created = AgencyReport.objects.update_or_create(
            agenda_item=item, agency=agency, defaults={"text": text, "recorded_by": actor}
        )
        _event(session, actor, "agency_report", item=item.order, agency=agency.code)
    return report


# --- presence ---------------------------------------------------------------------------------------


def _site_clerk(user, site) -> bool:
    """The commune clerk of a commune site."""
    commune = user_commune_id(user)
    return R.UBND_XA in user_roles(user) and bool(commune) and site.level == "xa" and site.unit_id == commune


def may_check_in(user, invitation) -> bool:
    """At a commune site its commune's clerk checks the citizen in; at the provincial or central bridge
    the board does."""
    if invitation.site.level == "xa":
        return _site_clerk(user, invitation.site)
    return is_operator(user)


def check_in(
    actor,
    invitation_id,
    *,
    status,
    id_number="",
    substitute_name="",
    substitute_id_number="",
    substitute_reason="",
) -> Attendance:
    """Check an invited citizen in against the identity paper on file, or record the substitute who came
    with the reason (NĐ 154 art. 21.4)."""
    invitation = (
        Invitation.objects.visible_to(actor)
        .select_related("site", "citizen")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound(_("Invitation not found."))
    _require(
        may_check_in(actor, invitation),
        _("Only the clerk of the commune site where the citizen takes part checks them in."),
    )
    id_number = (id_number or "").strip()
    substitute = {
        "substitute_name": (substitute_name or "").strip(),
        "substitute_id_number": (substitute_id_number or "").strip(),
        "substitute_reason": (substitute_reason or "").strip(),
    }
    if status == AttendanceStatus.PRESENT:
        if not id_number:
            raise Invalid(
                _("Enter the identity number read from the paper."),
                fields={"id_number": [_("This field is required.")]},
            )
        if id_number != invitation.citizen.id_number:
            raise Invalid(
                _("The identity paper shown does not match the one on file: record a substitute instead."),
                fields={"id_number": [_("Does not match the identity paper on file.")]},
            )
        substitute = dict.fromkeys(substitute, "")
    elif status == AttendanceStatus.SUBSTITUTE:
        missing = {
            k: [_("This field is required.")]
            for k in ("substitute_name", "substitute_reason")
            if not substitute[k]
        }
        if missing:
            raise Invalid(_("Name the substitute and write why they came."), fields=missing)
        id_number = ""
    else:
        raise Invalid(_("Choose present or substitute."), fields={"status": [_("Unknown choice.")]})
    with transaction.atomic():
        session = _locked(actor, invitation.session_id, CHECK_IN_STATES)
        attendance, _created = Attendance.objects.update_or_create(
            invitation=invitation,
            defaults={
                "status": status,
                "id_number_checked": id_number,
                **substitute,
                "checked_by": actor,
                "checked_at": timezone.now(),
            },
        )
        # The history names no citizen: the invitation and the item are enough to find the row.
        _event(session, actor, "check_in", invitation=invitation.pk, status=status)
    return attendance


def may_record_official(user, site) -> bool:
    return is_operator(user) or _site_clerk(user, site)


def record_official(actor, session_id, site, *, full_name, position, agency=None) -> SiteOfficial:
    """An official present at a site (the board anywhere, a commune clerk at the commune's site)."""
    full_name, position = (full_name or "").strip(), (position or "").strip()
    errors = {
        k: [_("This field is required.")]
        for k, v in (("full_name", full_name), ("position", position))
        if not v
    }
    if errors:
        raise Invalid(_("Enter the official's name and position."), fields=errors)
    with transaction.atomic():
        session = _locked(actor, session_id, CHECK_IN_STATES)
        if site is None or site.pk not in rules.session_site_ids(session):
            raise Invalid(
                _("This site is not part of the session."), fields={"site": [_("Not a site of the session.")]}
            )
        _require(may_record_official(actor, site), _("You may record the officials of your own site only."))
        official = SiteOfficial.objects.create(
            session=session,
            site=site,
            full_name=full_name,
            position=position,
            agency=agency,
            recorded_by=actor,
        )
        _event(session, actor, "official", site=site.code, name=full_name)
    return official


# --- the chair's restriction -------------------------------------------------------------------------


def restrict_item(actor, session_id, item_id, *, no_recording, no_streaming, reason="") -> AgendaItem:
    """The chair forbids recording or live streaming of an item (NĐ 154 art. 4.1c), with the reason."""
    _require(
        bool(user_roles(actor) & RESTRICTORS), _("Only the chair (or the operator on his word) decides this.")
    )
    reason = (reason or "").strip()
    if (no_recording or no_streaming) and not reason:
        raise Invalid(
            _("Write why recording or streaming is forbidden."), fields={"reason": [_("Write the reason.")]}
        )
    with transaction.atomic():
        session = _locked(actor, session_id, (S.READY, S.IN_PROGRESS))
        item = _item(session, item_id)
        item.no_recording, item.no_streaming = bool(no_recording), bool(no_streaming)
        item.restriction_reason = reason if (no_recording or no_streaming) else ""
        item.restricted_by, item.restricted_at = actor, timezone.now()
        item.save(
            update_fields=[
                "no_recording",
                "no_streaming",
                "restriction_reason",
                "restricted_by",
                "restricted_at",
            ]
        )
        _event(
            session, actor, "restriction", note=reason, item=item.order,
            no_recording=item.no_recording, no_streaming=item.no_streaming,
        )  # fmt: skip
    return item


# --- outcomes ---------------------------------------------------------------------------------------


def _present(item):
    return Attendance.objects.filter(invitation__agenda_item=item)


def _register_row(actor, session, item, direction):
    """The reception register row of a heard item: the chairman's periodic or ad hoc reception, held by
    the chair in person or by the authorised deputy."""
    chair = session.chair
    by_head = session.chair_capacity == ChairCapacity.CHU_TICH
    name = chair.get_full_name() or chair.username
    if not by_head:
        name = _("%(name)s (authorised by the chairman, document %(number)s)") % {
            "name": name,
            "number": session.authorisation_number,
        }
    data = {
        "received_at": item.started_at or timezone.now(),
        "place": _("Online session %(code)s — %(site)s") % {"code": session.code, "site": session.host_site},
        "kind": session.kind,
        "by_head": by_head,
        "receiving_agency": Agency.objects.filter(kind="ubnd_tinh").order_by("pk").first(),
        "received_by": name[:120],
        "people_count": max(_present(item).count(), 1),
        "direction": direction,
        "note": _("Session %(code)s, item %(order)d.") % {"code": session.code, "order": item.order},
    }
    if item.case.case_type == "to_cao":
        data["redacted_note"] = data["note"]
    return receptions.record_reception(actor, item.case, data)


def record_outcome(
    actor, session_id, item_id, outcome, *, note="", direction=HandlingDirection.THU_LY
) -> AgendaItem:
    """How the item ended. Heard: the case is received and its register row written. Absent or
    postponed: the case goes back to `accepted` through the case workflow and may be scheduled again."""
    _require(is_operator(actor), _("Only the board's operator runs the session."))
    note = (note or "").strip()
    if outcome not in ItemOutcome.values:
        raise Invalid(_("Choose heard, absent or postponed."), fields={"outcome": [_("Unknown choice.")]})
    if outcome == ItemOutcome.POSTPONED and not note:
        raise Invalid(_("Write why the item is postponed."), fields={"note": [_("Write the reason.")]})
    if outcome == ItemOutcome.HEARD and direction not in HandlingDirection.values:
        raise Invalid(_("Choose the handling direction."), fields={"direction": [_("Unknown choice.")]})
    with transaction.atomic():
        session = _locked(actor, session_id, (S.IN_PROGRESS,))
        item = _item(session, item_id)
        if item.outcome:
            raise Conflict(_("This item already has its outcome."))
        now = timezone.now()
        if outcome == ItemOutcome.HEARD:
            if not _present(item).exists():
                raise Conflict(
                    _(
                        "Nobody invited for this case is checked in: it cannot be heard (record absent instead)."
                    ),
                    code="rule_violated",
                )
            item.started_at = item.started_at or now
            # One register row per hearing (NĐ 154 art. 27.1): the console writes it with the session's
            # details, so the case workflow does not write its plain one.
            case_workflow.perform(actor, item.case_id, "receive", note=session.code, register_row=False)
            item.reception = _register_row(actor, session, item, direction)
        else:
            label = ItemOutcome(outcome).label
            case_workflow.perform(
                actor,
                item.case_id,
                "unschedule",
                note=_("Session %(code)s: %(outcome)s. %(note)s")
                % {"code": session.code, "outcome": label, "note": note},
            )
            item.is_open = False  # the case may go on another session's agenda
        item.outcome, item.outcome_note, item.outcome_at, item.outcome_by = outcome, note, now, actor
        item.ended_at = now
        item.save()
        _event(session, actor, "outcome", note=note, item=item.order, outcome=outcome)
    return item


# --- confirmation of the minutes --------------------------------------------------------------------


def may_confirm(user, attendance) -> bool:
    return may_check_in(user, attendance.invitation)


def confirm_item(actor, item_id, attendance_id, method, *, reason="") -> ItemConfirmation:
    """The item's text was read back to a citizen present: signed, thumbprinted, or the refusal to sign
    with what they said (NĐ 154 art. 14.3). Who recorded it and when are kept."""
    reason = (reason or "").strip()
    if method not in ConfirmationMethod.values:
        raise Invalid(_("Choose signed, thumbprinted or refused."), fields={"method": [_("Unknown choice.")]})
    if method == ConfirmationMethod.REFUSED and not reason:
        raise Invalid(
            _("Write what the citizen said when refusing to sign."),
            fields={"reason": [_("Write the reason.")]},
        )
    item = AgendaItem.objects.visible_to(actor).filter(pk=item_id).first()
    if item is None:
        raise NotFound(_("This item is not on the session's agenda."))
    attendance = (
        Attendance.objects.visible_to(actor)
        .select_related("invitation__site")
        .filter(pk=attendance_id, invitation__agenda_item=item)
        .first()
    )
    if attendance is None:
        raise NotFound(_("Nobody with this check-in is invited for this item."))
    _require(may_confirm(actor, attendance), _("The confirmation is recorded at the citizen's own site."))
    with transaction.atomic():
        session = _locked(actor, item.session_id, CONFIRM_STATES)
        item = _item(session, item.pk)
        if item.outcome != ItemOutcome.HEARD:
            raise Conflict(_("Only a heard item is read back and confirmed."))
        confirmation, _created = ItemConfirmation.objects.update_or_create(
            agenda_item=item,
            attendance=attendance,
            defaults={
                "method": method,
                "refusal_reason": reason if method == ConfirmationMethod.REFUSED else "",
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        _event(session, actor, "confirmation", note=reason, item=item.order, method=method)
    return confirmation


# --- incidents (the bridge module's log) --------------------------------------------------------------


def report_incident(actor, session_id, site, kind, note="") -> Incident:
    """One click: "lost sound / picture / connection at site X" now (the bridge module's incident log)."""
    _require(is_operator(actor), _("Only the board's operator runs the session."))
    if kind not in IncidentKind.values:
        raise Invalid(_("Choose what was lost."), fields={"kind": [_("Unknown choice.")]})
    with transaction.atomic():
        session = _locked(actor, session_id, (S.IN_PROGRESS,))
        if site is None or site.pk not in rules.session_site_ids(session):
            raise Invalid(
                _("This site is not part of the session."), fields={"site": [_("Not a site of the session.")]}
            )
        incident = incident_service.save_incident(
            actor,
            Incident(),
            {"site": site, "kind": kind, "started_at": timezone.now(), "note": note or session.code},
        )
        _event(session, actor, "incident", site=site.code, kind=kind)
    return incident


def session_incidents(session, queryset=None):
    """The incidents at the session's sites while it ran (from the start until it concluded, or now)."""
    start = session.started_at or session.start
    return incident_service.incidents_between(
        rules.session_site_ids(session), start, session.concluded_at, queryset=queryset
    )


def end_incident(actor, session_id, incident_id) -> Incident:
    """The site is back: the incident ends now."""
    _require(is_operator(actor), _("Only the board's operator runs the session."))
    with transaction.atomic():
        session = _locked(actor, session_id, (S.IN_PROGRESS,))
        incident = session_incidents(session).filter(pk=incident_id, ended_at__isnull=True).first()
        if incident is None:
            raise NotFound(_("No open incident of this session with this number."))
        incident = incident_service.save_incident(actor, incident, {"ended_at": timezone.now()})
        _event(session, actor, "incident_end", site=incident.site.code, kind=incident.kind)
    return incident


def outcome_problems(session) -> list[str]:
    """`conclude` needs an outcome for every agenda item."""
    missing = list(session.agenda.filter(outcome="").order_by("order").values_list("order", flat=True))
    if missing:
        return [
            _("Every item needs its outcome before the session concludes; missing: %(items)s.")
            % {"items": ", ".join(str(n) for n in missing)}
        ]
    return []


# --- the chairman's directives (drafted at the console, issued at `conclude`: services/directives.py) ----

DIRECTIVE_FIELDS = (
    "instruction", "lead_agency", "lead_unit", "supporting_agencies", "deadline", "working_days",
    "must_report", "must_answer_citizen",
)  # fmt: skip


def draft_directive(actor, session_id, data):
    """The chairman's conclusion on the current item, one directive per instruction (TEAM.md interface 1)."""
    item = AgendaItem.objects.filter(session_id=session_id, pk=data["item"]).first()
    if item is None:
        raise NotFound(_("This item is not on the session's agenda."))
    if item.outcome and item.outcome != ItemOutcome.HEARD:
        raise Conflict(_("Directives are given only on a heard item."))
    fields = {k: data[k] for k in DIRECTIVE_FIELDS if data.get(k) not in (None, "")}
    fields.setdefault("instruction", "")
    return directives.draft_directive(item, actor=actor, **fields)


def delete_directive(actor, session_id, directive_id, reason=""):
    directive = Directive.objects.alive().filter(session_id=session_id, pk=directive_id).first()
    if directive is None:
        raise NotFound(_("Directive not found."))
    directives.delete_draft(directive, actor=actor, reason=reason)


def perform_action(user, session, data):
    """One console action, validated by the API's ConsoleActionSerializer (the API and the console page
    both call this)."""
    a = data["action"]
    sid = session.pk
    if a == "current_item":
        return set_current_item(user, sid, data["item"])
    if a == "next_item":
        return next_item(user, sid)
    if a == "statements":
        return record_statements(
            user, sid, data["item"], presentation=data.get("presentation"), conclusion=data.get("conclusion")
        )
    if a == "agency_report":
        return record_agency_report(user, sid, data["item"], data["agency"], data.get("text", ""))
    if a == "check_in":
        return check_in(
            user,
            data["invitation"],
            status=data["status"],
            id_number=data.get("id_number", ""),
            substitute_name=data.get("substitute_name", ""),
            substitute_id_number=data.get("substitute_id_number", ""),
            substitute_reason=data.get("substitute_reason", ""),
        )
    if a == "official":
        return record_official(
            user, sid, data["site"], full_name=data.get("full_name", ""), position=data.get("position", ""),
            agency=data.get("agency"),
        )  # fmt: skip
    if a == "restrict":
        return restrict_item(
            user, sid, data["item"], no_recording=data.get("no_recording", False),
            no_streaming=data.get("no_streaming", False), reason=data.get("reason", ""),
        )  # fmt: skip
    if a == "outcome":
        return record_outcome(
            user, sid, data["item"], data["outcome"], note=data.get("note", ""),
            direction=data.get("direction") or "thu_ly",
        )  # fmt: skip
    if a == "confirm":
        return confirm_item(
            user, data["item"], data["attendance"], data["method"], reason=data.get("reason", "")
        )
    if a == "incident":
        return report_incident(user, sid, data["site"], data["kind"], data.get("note", ""))
    if a == "incident_end":
        return end_incident(user, sid, data["incident"])
    if a == "directive":
        return draft_directive(user, sid, data)
    if a == "directive_delete":
        return delete_directive(
            user, sid, data["directive"], reason=data.get("reason") or data.get("note") or ""
        )
    raise AssertionError(a)  # the serializer's choices name every action
