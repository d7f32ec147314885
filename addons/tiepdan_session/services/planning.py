"""Planning a session: its facts, agenda, sites, invited agencies, dossiers, invitations, security.

Every change runs in a transaction with the session row locked, checks the role and the session's state,
keeps the rules of services/rules.py and writes one AuditEvent on the session.
"""

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_agency_id, user_commune_id
from addons.tiepdan_case.services import uploads
from addons.tiepdan_case.services.audit import diff, record_event, snapshot
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed, validate_model
from addons.tiepdan_case.services.sequence import next_number

from ..choices import AgencyDuty, ChairCapacity, InvitationStatus, InviteeRole, SessionState
from ..models import (
    AgendaItem,
    DossierRequest,
    Invitation,
    ReceptionSession,
    SecurityAssessment,
    SessionAgency,
    SessionSite,
)
from . import rules

S = SessionState
PLANNERS = frozenset({R.BAN_TCD})
# The agenda, sites and agencies change while the session is being prepared; after the announcement
# only by moving the session back (reschedule) — the notice must stay true.
EDITABLE_STATES = (S.DRAFT, S.APPROVED)
INVITATION_STATES = (S.APPROVED, S.ANNOUNCED, S.READY)
SESSION_FIELDS = (
    "kind",
    "title",
    "focus",
    "start",
    "end",
    "chair",
    "chair_capacity",
    "authorisation_number",
    "authorisation_date",
    "authorisation_file",
    "host_site",
    "central_participation",
    "central_body",
    "note_taker",
    "external_meeting_url",
)
TIME_FIELDS = ("start", "end")
SCAN_KINDS = ("pdf", "jpg", "png")  # a signed paper, scanned or photographed
# Participant roles that are invited as proxies, whatever the case module calls them.
PROXY_ROLES = ("nguoi_duoc_uy_quyen", "nguoi_uy_quyen", "luat_su")


def can_plan(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user_roles(user) & PLANNERS)


def _require_planner(user):
    if not can_plan(user):
        raise NotAllowed(_("Only the Citizen Reception Board prepares sessions."))


def lock(session_id) -> ReceptionSession:
    return ReceptionSession.objects.select_for_update().get(pk=session_id)


def _require_editable(session):
    if session.state not in EDITABLE_STATES:
        raise Conflict(
            _("A session that is “%(state)s” cannot be changed; move its time first.")
            % {"state": session.get_state_display()}
        )


def next_session_code(year: int) -> str:
    return f"PTCD-{year}-{next_number('reception_session', year):03d}"


def _check_facts(session):
    errors = {}
    host = session.host_site
    if host is not None and (host.level != "tinh" or not host.can_host or not host.is_active):
        errors["host_site"] = [_("The host must be one of the provincial sites that can host.")]
    chair = session.chair
    if chair is not None and R.CHU_TICH not in user_roles(chair):
        errors["chair"] = [
            _("The chair must be the chairman or an authorised vice-chairman (role chu_tich).")
        ]
    if session.chair_capacity == ChairCapacity.PHO_CHU_TICH and not (
        session.authorisation_number and session.authorisation_date
    ):
        errors["authorisation_number"] = [
            _("A vice-chairman chairs only with the chairman's authorisation: enter its number and date.")
        ]
    if session.central_participation and session.central_body_id is None:
        errors["central_body"] = [_("Name the central body that joins.")]
    if not session.central_participation:
        session.central_body = None
    if session.start and session.end and session.end <= session.start:
        errors["end"] = [_("The end must come after the start.")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(first, fields=errors)
    validate_model(session, exclude=["code", "state"])
    clashes = rules.overlap_problems(session)
    if clashes:
        raise Conflict(" ".join(clashes), code="rule_violated")


def save_session(actor, session: ReceptionSession | None, data: dict) -> ReceptionSession:
    """Create a draft session (session None) or change its facts. The time of an approved session moves
    only through the `reschedule` move (services/workflow.py)."""
    _require_planner(actor)
    data = {k: v for k, v in data.items() if k in SESSION_FIELDS}
    if isinstance(data.get("authorisation_file"), UploadedFile):
        uploads.check_upload(data["authorisation_file"], kinds=SCAN_KINDS, field="authorisation_file")
    with transaction.atomic():
        if session is None or session.pk is None:
            session = ReceptionSession(created_by=actor, **data)
            _check_facts(session)
            session.code = next_session_code(session.local_start.year)
            session.save()
            record_event(session, actor, "created")
            return session
        locked = lock(session.pk)
        _require_editable(locked)
        if locked.state != S.DRAFT and any(k in data and data[k] != getattr(locked, k) for k in TIME_FIELDS):
            raise Conflict(_("To change the time of an approved session use “Move the time”."))
        before = snapshot(locked, SESSION_FIELDS)
        for key, value in data.items():
            setattr(locked, key, value)
        _check_facts(locked)
        locked.save()
        changes = diff(before, snapshot(locked, SESSION_FIELDS))
        if changes:
            record_event(locked, actor, "changed", changes=changes)
        return locked


# --- agenda ---------------------------------------------------------------------------------------


def commune_site(unit_id) -> BridgeSite | None:
    return BridgeSite.objects.filter(level="xa", unit_id=unit_id, is_active=True).first()


def _check_slot(session, slot_start, slot_end):
    if not slot_start or not slot_end or slot_end <= slot_start:
        raise Invalid(
            _("The slot must end after it starts."),
            fields={"slot_end": [_("The slot must end after it starts.")]},
        )
    if slot_start < session.start or slot_end > session.end:
        message = _("The slot must lie within the session's time.")
        raise Invalid(message, fields={"slot_start": [message]})


def add_case(actor, session, case, slot_start=None, slot_end=None, order=None) -> AgendaItem:
    """Put an accepted, eligible case on the agenda; its commune's site and its citizens follow."""
    _require_planner(actor)
    with transaction.atomic():
        session = lock(session.pk)
        _require_editable(session)
        case = Case.objects.visible_to(actor).select_for_update().filter(pk=getattr(case, "pk", case)).first()
        if case is None:
            raise Invalid(_("Case not found."), fields={"case": [_("Case not found.")]})
        problems = rules.case_problems(case)
        if problems:
            raise Conflict(" ".join(problems), code="rule_violated", fields={"case": problems})
        other = (
            AgendaItem.objects.filter(case=case, is_open=True)
            .exclude(session=session)
            .select_related("session")
            .first()
        )
        if other:
            message = _("Case %(case)s is already on the agenda of session %(session)s.") % {
                "case": case.code,
                "session": other.session.code,
            }
            raise Conflict(message, code="rule_violated", fields={"case": [message]})
        if AgendaItem.objects.filter(session=session, case=case).exists():
            raise Conflict(_("This case is already on the agenda."), code="rule_violated")
        last = session.agenda.aggregate(m=Max("order"))["m"] or 0
        order = order or last + 1
        if slot_start is None:
            previous_end = session.agenda.aggregate(m=Max("slot_end"))["m"]
            slot_start = previous_end or session.start
            slot_end = min(slot_start + dt.timedelta(minutes=30), session.end)
        _check_slot(session, slot_start, slot_end)
        site = commune_site(case.unit_id)
        extra = [site.pk] if site else []
        clashes = rules.overlap_problems(session, extra_site_ids=extra)
        if clashes:
            raise Conflict(" ".join(clashes), code="rule_violated")
        try:
            with transaction.atomic():
                item = AgendaItem.objects.create(
                    session=session, case=case, order=order, slot_start=slot_start, slot_end=slot_end
                )
        except IntegrityError as exc:
            raise Conflict(
                _("This case or this order is already on an open agenda."), code="rule_violated"
            ) from exc
        _derive_sites(session)
        _derive_invitations(item)
        record_event(
            session, actor, "changed", action="agenda_added", changes={"case": case.code, "order": order}
        )
        return item


def remove_case(actor, item: AgendaItem, note: str = "") -> None:
    _require_planner(actor)
    with transaction.atomic():
        session = lock(item.session_id)
        _require_editable(session)
        code = item.case.code
        item.delete()
        _derive_sites(session)
        record_event(session, actor, "changed", action="agenda_removed", changes={"case": code}, note=note)


def take_case_off_open_agendas(case, actor=None, reason: str = "") -> int:
    """The case left the schedule (case module signal): off every open agenda, with its invitations."""
    removed = 0
    for item in AgendaItem.objects.filter(case=case, is_open=True).select_related("session"):
        session = lock(item.session_id)
        item.delete()
        _derive_sites(session)
        record_event(
            session, actor, "changed", action="agenda_removed", changes={"case": case.code}, note=reason
        )
        removed += 1
    return removed


def _derive_sites(session):
    """The component sites follow the agenda's communes; sites added by hand stay."""
    wanted = set()
    for unit_id in session.agenda.values_list("case__unit_id", flat=True).distinct():
        site = commune_site(unit_id)
        if site:
            wanted.add(site.pk)
    existing = {row.site_id: row for row in session.component_sites.all()}
    for site_id in wanted - set(existing):
        SessionSite.objects.create(session=session, site_id=site_id, from_agenda=True)
    for site_id, row in existing.items():
        if row.from_agenda and site_id not in wanted:
            if not session.invitations.filter(site_id=site_id).exists():
                row.delete()


def invitee_rows(case) -> list[tuple]:
    """(citizen, role) to invite for a case: the applicant, or a group's representatives; plus proxies."""
    participants = list(case.participants.select_related("citizen"))
    representatives = [p for p in participants if p.role == "nguoi_dai_dien"]
    if case.is_group or (representatives and case.group_size > 1):
        rows = [(p.citizen, InviteeRole.REPRESENTATIVE) for p in representatives]
    else:
        rows = [(p.citizen, InviteeRole.APPLICANT) for p in participants if p.role == "nguoi_dung_don"]
    rows += [(p.citizen, InviteeRole.PROXY) for p in participants if p.role in PROXY_ROLES]
    seen, unique = set(), []
    for citizen, role in rows:
        if citizen.pk not in seen:
            seen.add(citizen.pk)
            unique.append((citizen, role))
    return unique


def _derive_invitations(item: AgendaItem):
    site = commune_site(item.case.unit_id) or item.session.host_site
    for citizen, role in invitee_rows(item.case):
        Invitation.objects.get_or_create(
            agenda_item=item, citizen=citizen, defaults={"session": item.session, "role": role, "site": site}
        )


def allowed_invitation_sites(session):
    """NĐ 154 art. 22.3: the central bridge (when it joins) or a component site of the session."""
    ids = set(session.component_sites.values_list("site_id", flat=True)) | {session.host_site_id}
    if session.central_participation:
        ids |= set(rules.central_site_ids())
    return BridgeSite.objects.filter(pk__in=ids)


# --- sites and agencies -----------------------------------------------------------------------------


def add_site(actor, session, site) -> SessionSite:
    _require_planner(actor)
    with transaction.atomic():
        session = lock(session.pk)
        _require_editable(session)
        if site.level != "xa" or not site.is_active:
            raise Invalid(
                _("A component site is an active commune or ward site."),
                fields={"site": [_("A component site is an active commune or ward site.")]},
            )
        clashes = rules.overlap_problems(session, extra_site_ids=[site.pk])
        if clashes:
            raise Conflict(" ".join(clashes), code="rule_violated")
        row, created = SessionSite.objects.get_or_create(session=session, site=site)
        if created:
            record_event(session, actor, "changed", action="site_added", changes={"site": site.code})
        return row


def remove_site(actor, row: SessionSite) -> None:
    _require_planner(actor)
    with transaction.atomic():
        session = lock(row.session_id)
        _require_editable(session)
        if session.invitations.filter(site_id=row.site_id).exists():
            raise Conflict(
                _("Citizens are invited at this site; move their invitations first."), code="rule_violated"
            )
        code = row.site.code
        row.delete()
        record_event(session, actor, "changed", action="site_removed", changes={"site": code})


def invite_agency(actor, session, agency, duty, note="") -> SessionAgency:
    _require_planner(actor)
    if duty not in AgencyDuty.values:
        raise Invalid(_("Unknown duty."), fields={"duty": [_("Unknown duty.")]})
    with transaction.atomic():
        session = lock(session.pk)
        _require_editable(session)
        row = SessionAgency(session=session, agency=agency, duty=duty, note=note or "")
        validate_model(row)
        row.save()
        record_event(
            session, actor, "changed", action="agency_invited", changes={"agency": agency.code, "duty": duty}
        )
        return row


def remove_agency(actor, row: SessionAgency) -> None:
    _require_planner(actor)
    with transaction.atomic():
        session = lock(row.session_id)
        _require_editable(session)
        row.delete()
        record_event(session, actor, "changed", action="agency_removed", changes={"agency": row.agency.code})


# --- dossiers ------------------------------------------------------------------------------------


def request_dossier(actor, item: AgendaItem, agency, deadline: dt.date) -> DossierRequest:
    """Ask an agency for the dossier of an agenda item; it becomes an invited agency with that duty."""
    _require_planner(actor)
    with transaction.atomic():
        session = lock(item.session_id)
        _require_editable(session)
        if deadline is None or deadline > session.date:
            message = _("The briefing is due before the session.")
            raise Invalid(message, fields={"deadline": [message]})
        row = DossierRequest(session=session, agenda_item=item, agency=agency, deadline=deadline)
        validate_model(row)
        row.save()
        SessionAgency.objects.get_or_create(session=session, agency=agency, duty=AgencyDuty.DOSSIER)
        record_event(
            session,
            actor,
            "changed",
            action="dossier_requested",
            changes={"agency": agency.code, "case": item.case.code},
        )
        return row


def can_submit_briefing(user, request: DossierRequest) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user_agency_id(user) == request.agency_id or can_plan(user)
    )


def submit_briefing(actor, request: DossierRequest, text: str, file=None) -> DossierRequest:
    if not can_submit_briefing(actor, request):
        raise NotAllowed(_("Only the agency asked for this dossier submits its briefing."))
    text = (text or "").strip()
    if file:
        uploads.check_upload(file, field="briefing_file")
    if not text and not file and not request.briefing_file:
        message = _("Write the briefing or attach its file.")
        raise Invalid(message, fields={"briefing": [message]})
    with transaction.atomic():
        session = lock(request.session_id)
        if not session.is_open:
            raise Conflict(_("The session is over; the briefing can no longer change."))
        row = DossierRequest.objects.select_for_update().get(pk=request.pk)
        row.briefing = text
        if file:
            row.briefing_file = file
            row.briefing_file_name = uploads.original_name(file)
        row.submitted_at = timezone.now()
        row.submitted_by = actor
        row.save()
        record_event(
            session,
            actor,
            "changed",
            action="briefing_submitted",
            changes={"agency": row.agency.code, "case": row.agenda_item.case.code},
        )
        return row


# --- invitations ----------------------------------------------------------------------------------


def can_manage_invitation(user, invitation: Invitation) -> bool:
    """The commune of the case invites its citizens (plan III.10); the board may correct."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = user_roles(user)
    if roles & PLANNERS:
        return True
    return R.UBND_XA in roles and invitation.agenda_item.case.unit_id == user_commune_id(user)


def update_invitation(actor, invitation: Invitation, data: dict) -> Invitation:
    """Record delivery (how, when), the citizen's answer and a note, or the chosen bridge."""
    if not can_manage_invitation(actor, invitation):
        raise NotAllowed(_("Only the commune of the case manages this invitation."))
    with transaction.atomic():
        session = lock(invitation.session_id)
        if session.state not in INVITATION_STATES:
            raise Conflict(
                _("Invitations are managed once the session is approved and until it starts."),
                code="rule_violated",
            )
        row = Invitation.objects.select_for_update().get(pk=invitation.pk)
        before = snapshot(row, ("status", "delivery_method", "delivered_at", "responded_at", "note", "site"))
        if "site" in data and data["site"] is not None:
            if not allowed_invitation_sites(session).filter(pk=data["site"].pk).exists():
                message = _("Choose the central bridge or a component site of this session.")
                raise Invalid(message, fields={"site": [message]})
            row.site = data["site"]
        status = data.get("status", row.status)
        if status not in InvitationStatus.values:
            raise Invalid(_("Unknown status."), fields={"status": [_("Unknown status.")]})
        if "delivery_method" in data:
            row.delivery_method = data["delivery_method"] or ""
        if "note" in data:
            row.note = (data["note"] or "")[:255]
        now = timezone.now()
        if status != InvitationStatus.PENDING:
            if not row.delivery_method:
                message = _("Say how the invitation was delivered.")
                raise Invalid(message, fields={"delivery_method": [message]})
            row.delivered_at = data.get("delivered_at") or row.delivered_at or now
        if status in (InvitationStatus.CONFIRMED, InvitationStatus.DECLINED):
            row.responded_at = data.get("responded_at") or (row.responded_at if row.status == status else now)
        row.status = status
        row.updated_by = actor
        validate_model(row)
        row.save()
        changes = diff(
            before,
            snapshot(row, ("status", "delivery_method", "delivered_at", "responded_at", "note", "site")),
        )
        # The history keeps what changed on which invitation; never the citizen's name.
        record_event(
            session, actor, "changed", action="invitation_changed", changes={"invitation": row.pk, **changes}
        )
        return row


# --- security ------------------------------------------------------------------------------------


def can_assess_security(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and R.CONG_AN in user_roles(user)


def assess_security(actor, session, site, risk_level: str, note: str = "") -> SecurityAssessment:
    if not can_assess_security(actor):
        raise NotAllowed(_("Only the police record security assessments."))
    with transaction.atomic():
        session = lock(session.pk)
        if not session.is_open:
            raise Conflict(_("The session is over."))
        if site.pk not in rules.session_site_ids(session):
            message = _("This site does not take part in the session.")
            raise Invalid(message, fields={"site": [message]})
        row = SecurityAssessment.objects.filter(session=session, site=site).first() or SecurityAssessment(
            session=session, site=site
        )
        row.risk_level, row.note, row.assessed_by = risk_level, note or "", actor
        validate_model(row)
        row.save()
        record_event(
            session,
            actor,
            "changed",
            action="security_assessed",
            changes={"site": site.code, "risk_level": risk_level},
        )
        return row
