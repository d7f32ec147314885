"""Who sees which sessions and their parts (DESIGN.md "Who sees what"); `Model.objects.visible_to(user)`.

- quan_tri, vp_ubnd, ban_tcd, thanh_tra, chu_tich, lanh_dao: every session.
- so_khcn, dien_luc, cong_an: every session past its draft, its sites and readiness; no case content and
  no personal data (the agenda and the invitations are absent, only counts per site).
- ubnd_xa: sessions past draft with its commune's site or one of its commune's cases; the invitations of
  its commune's cases; the agenda items of its own cases.
- so_nganh, so_tu_phap, so_tai_chinh: sessions past draft they are invited to; agenda items of cases
  they may see (dossier asked of them).
- bao_ptth: announced sessions (public facts only: no agenda, no invitations).
- trung_uong: sessions past draft with the central bridge, read only (no agenda, no invitations).
Security assessments: cong_an, ban_tcd and the chair. Citizens of a denunciation (any `to_cao`) are
shown only to the case's handlers: their invitations are absent for everyone else.
Deleted sessions and directives (soft delete, issue 12) are absent for everyone, and so is every row
reached through them (sites, agenda, invitations, reports, recordings); an agenda item and an invitation of a
deleted case too, and an invitation of a deleted citizen.
"""

from django.db.models import Q

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.request_memo import in_safe_request, per_user_in_safe_request
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import (
    handled_cases_q,
    rows_of_visible_cases,
    user_agency_id,
    user_commune_id,
)

from .choices import PUBLIC_STATES, SessionState

SEE_ALL = frozenset({R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.CHU_TICH, R.LANH_DAO})
TECHNICAL = frozenset({R.SO_KHCN, R.DIEN_LUC, R.CONG_AN})
INVITED_AGENCY_ROLES = frozenset({R.SO_NGANH, R.SO_TU_PHAP, R.SO_TAI_CHINH})
SECURITY_READERS = frozenset({R.CONG_AN, R.BAN_TCD, R.CHU_TICH})
INVITATION_READERS = frozenset({R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.CHU_TICH, R.LANH_DAO})
# Personal data of invitations: denunciations only for the case's handlers (Luật Tố cáo art. 8).
DENUNCIATION = "to_cao"


def _auth(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def session_q(user) -> Q | None:
    """A filter over ReceptionSession for what the user may see; None means nothing."""
    from .models import SessionAgency, SessionSite

    if not _auth(user):
        return None
    if user.is_superuser:
        return Q()
    roles = user_roles(user)
    if roles & SEE_ALL:
        return Q()
    past_draft = ~Q(state=SessionState.DRAFT)
    q = Q(pk__in=[])
    if roles & TECHNICAL:
        q |= past_draft
    if R.BAO_PTTH in roles:
        q |= Q(state__in=PUBLIC_STATES)
    if R.TRUNG_UONG in roles:
        q |= past_draft & Q(central_participation=True)
    if R.UBND_XA in roles and user_commune_id(user):
        commune = user_commune_id(user)
        own_site = Q(
            pk__in=SessionSite.objects.filter(site__level="xa", site__unit_id=commune).values("session_id")
        )
        own_case = Q(pk__in=_sessions_of_commune_cases(user, commune))
        q |= past_draft & (own_site | own_case)
    if roles & INVITED_AGENCY_ROLES and user_agency_id(user):
        agency = user_agency_id(user)
        invited = Q(pk__in=SessionAgency.objects.filter(agency_id=agency).values("session_id"))
        q |= past_draft & invited
    return q


def _commune_case_sessions(commune):
    """The sessions with one of the commune's live cases on the agenda: `deleted_at IS NULL` also lets the
    partial commune index answer with an index-only scan (a million cases: 448 → 77 ms per statement)."""
    from .models import AgendaItem

    return AgendaItem.objects.filter(case__unit_id=commune, case__deleted_at__isnull=True).values(
        "session_id"
    )


@per_user_in_safe_request
def _commune_case_session_ids(user) -> list[int]:
    return sorted(set(_commune_case_sessions(user_commune_id(user)).values_list("session_id", flat=True)))


def _sessions_of_commune_cases(user, commune):
    """In a GET page the ids, fetched once (request_memo.py): the subquery hash-joins every agenda item with
    every live case of the commune (~25 ms at a million cases) and a clerk's home ran it in five statements
    (issue 13). Elsewhere (a POST, a service, a job) the subquery itself, evaluated with the statement."""
    if in_safe_request():
        return _commune_case_session_ids(user)
    return _commune_case_sessions(commune)


def sessions_visible_to(user, queryset=None):
    from .models import ReceptionSession

    qs = (ReceptionSession.objects.all() if queryset is None else queryset).alive()
    q = session_q(user)
    if q is None:
        return qs.none()
    return qs.filter(q) if q else qs


def _in_visible_sessions(user, qs):
    from .models import ReceptionSession

    q = session_q(user)
    if q is None:
        return qs.none()
    if not q:
        return qs.filter(session__deleted_at__isnull=True)
    return qs.filter(session__in=ReceptionSession.objects.alive().filter(q).values("pk"))


def session_sites_visible_to(user, queryset=None):
    from .models import SessionSite

    qs = SessionSite.objects.all() if queryset is None else queryset
    return _in_visible_sessions(user, qs)


def session_agencies_visible_to(user, queryset=None):
    from .models import SessionAgency

    qs = SessionAgency.objects.all() if queryset is None else queryset
    return _in_visible_sessions(user, qs)


def agenda_items_visible_to(user, queryset=None):
    """Agenda items carry case content: only of visible sessions AND cases the user may see."""
    from .models import AgendaItem

    qs = AgendaItem.objects.all() if queryset is None else queryset
    qs = _in_visible_sessions(user, qs).filter(case__deleted_at__isnull=True)
    if not _auth(user) or user.is_superuser:
        return qs
    roles = user_roles(user)
    if R.QUAN_TRI in roles and not roles & (SEE_ALL - {R.QUAN_TRI}):
        return qs.none()  # the administrators keep the system running; they read no case content
    # For a reader of every case only the live-case test (no `case_id IN <every live case>`: a hashed pass
    # over a million ids, 0.8 s of the leader's dashboard median, issue 13).
    return rows_of_visible_cases(user, qs)


def dossier_requests_visible_to(user, queryset=None):
    """The office sees every request; an agency its own (it was asked for that case's dossier)."""
    from .models import DossierRequest

    qs = DossierRequest.objects.all() if queryset is None else queryset
    if not _auth(user):
        return qs.none()
    if user.is_superuser or user_roles(user) & (SEE_ALL - {R.QUAN_TRI}):
        return qs.filter(session__deleted_at__isnull=True)
    agency = user_agency_id(user)
    if not agency:
        return qs.none()
    return _in_visible_sessions(user, qs.filter(agency_id=agency))


def _handled_case_ids(user):
    from addons.tiepdan_case.models import Case

    q = handled_cases_q(user)
    if q is None:
        return Case.objects.none().values("pk")
    return Case.objects.filter(q).values("pk")


def invitations_visible_to(user, queryset=None):
    """Names of citizens: the office readers, and the commune of the case (it invites them). A
    denunciation's invitation only for the case's handlers."""
    from .models import Invitation

    qs = Invitation.objects.all() if queryset is None else queryset
    if not _auth(user):
        return qs.none()
    # An invitation of a deleted case (taken off a running session, then deleted) or of a deleted citizen
    # is reached through a deleted parent: absent for everyone, as the case and the citizen are.
    qs = qs.filter(agenda_item__case__deleted_at__isnull=True, citizen__deleted_at__isnull=True)
    if user.is_superuser:
        return qs.filter(session__deleted_at__isnull=True)
    roles = user_roles(user)
    q = Q(pk__in=[])
    if roles & INVITATION_READERS:
        q = Q()
    elif R.UBND_XA in roles and user_commune_id(user):
        q = Q(agenda_item__case__unit_id=user_commune_id(user))
    else:
        return qs.none()
    denunciation_ok = ~Q(agenda_item__case__case_type=DENUNCIATION) | Q(
        agenda_item__case_id__in=_handled_case_ids(user)
    )
    return _in_visible_sessions(user, qs.filter(q & denunciation_ok))


def security_assessments_visible_to(user, queryset=None):
    from .models import SecurityAssessment

    qs = SecurityAssessment.objects.all() if queryset is None else queryset
    if not _auth(user):
        return qs.none()
    if user.is_superuser or user_roles(user) & SECURITY_READERS:
        return qs.filter(session__deleted_at__isnull=True)
    return qs.none()


def dossier_case_scope(user, agency_id) -> Q | None:
    """Registered with the case module: an agency asked for a case's dossier in a session sees the case."""
    from .models import DossierRequest

    if not agency_id or not user_roles(user) & INVITED_AGENCY_ROLES:
        return None
    asked = DossierRequest.objects.filter(agency_id=agency_id, session__deleted_at__isnull=True)
    return Q(pk__in=asked.values("agenda_item__case_id"))


def attendances_visible_to(user, queryset=None):
    """A check-in names a citizen: exactly who may read the invitation."""
    from .models import Attendance, Invitation

    qs = Attendance.objects.all() if queryset is None else queryset
    return qs.filter(invitation__in=invitations_visible_to(user, Invitation.objects.all()).values("pk"))


def item_confirmations_visible_to(user, queryset=None):
    from .models import Attendance, ItemConfirmation

    qs = ItemConfirmation.objects.all() if queryset is None else queryset
    return qs.filter(attendance__in=attendances_visible_to(user, Attendance.objects.all()).values("pk"))


def agency_reports_visible_to(user, queryset=None):
    """What an agency said about a case: whoever may see the agenda item."""
    from .models import AgencyReport, AgendaItem

    qs = AgencyReport.objects.all() if queryset is None else queryset
    return qs.filter(agenda_item__in=agenda_items_visible_to(user, AgendaItem.objects.all()).values("pk"))


def site_officials_visible_to(user, queryset=None):
    """Officials present: every user who may see the session (they are public servants at work)."""
    from .models import SiteOfficial

    qs = SiteOfficial.objects.all() if queryset is None else queryset
    return _in_visible_sessions(user, qs)


# --- directives (issue 10) ---------------------------------------------------------------------------
# Drafts (issued_at null) only for the session office; issued directives for the office readers, the
# lead agency or commune and the supporting agencies. quan_tri reads no case content.
DIRECTIVE_DRAFT_READERS = frozenset({R.VP_UBND, R.BAN_TCD, R.CHU_TICH})
DIRECTIVE_READERS = frozenset({R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.CHU_TICH, R.LANH_DAO})


def directive_q(user) -> Q | None:
    """A filter over Directive for what the user may see; None means nothing."""
    from .models import Directive

    if not _auth(user):
        return None
    if user.is_superuser:
        return Q()
    roles = user_roles(user)
    if roles & DIRECTIVE_DRAFT_READERS:
        return Q()
    issued = Q(issued_at__isnull=False)
    if roles & DIRECTIVE_READERS:
        return issued
    q = Q(pk__in=[])
    agency = user_agency_id(user)
    if agency:
        supporting = Directive.supporting_agencies.through.objects.filter(agency_id=agency).values(
            "directive_id"
        )
        q |= Q(lead_agency_id=agency) | Q(pk__in=supporting)
    commune = user_commune_id(user) if R.UBND_XA in roles else None
    if commune:
        q |= Q(lead_unit_id=commune)
    return issued & q


def directives_visible_to(user, queryset=None):
    from .models import Directive

    qs = (Directive.objects.all() if queryset is None else queryset).alive()
    q = directive_q(user)
    if q is None:
        return qs.none()
    return qs.filter(q) if q else qs


def directive_reports_visible_to(user, queryset=None):
    from .models import Directive, DirectiveReport

    qs = DirectiveReport.objects.all() if queryset is None else queryset
    q = directive_q(user)
    if q is None:
        return qs.none()
    if not q:
        return qs.filter(directive__deleted_at__isnull=True)
    return qs.filter(directive__in=Directive.objects.alive().filter(q).values("pk"))


def case_answers_visible_to(user, queryset=None):
    """The answer to the citizen of a heard case: whoever may see the case (not the administrators)."""
    from .models import CaseAnswer

    qs = CaseAnswer.objects.all() if queryset is None else queryset
    if not _auth(user):
        return qs.none()
    if user.is_superuser:
        return qs.filter(case__deleted_at__isnull=True)
    roles = user_roles(user)
    if R.QUAN_TRI in roles and not roles & (SEE_ALL - {R.QUAN_TRI}):
        return qs.none()
    return rows_of_visible_cases(user, qs)


def directive_case_scope(user, agency_id) -> Q | None:
    """Registered with the case module: the lead or a supporting agency of an issued directive, or the
    lead commune, sees the case behind it (a few literal ids: the commune's list keeps its indexes)."""
    from .models import Directive

    q = None
    if agency_id:
        # Two id sets (the case scope takes their UNION), not one `lead_agency_id = X OR id IN (…)`: the
        # OR with a subquery defeats the lead-agency index, a scan of every directive on each request of
        # an agency or commune user (30,000 directives: 10 ms, issue 13).
        issued = Directive.objects.alive().filter(issued_at__isnull=False)
        supporting = Directive.supporting_agencies.through.objects.filter(agency_id=agency_id).values(
            "directive_id"
        )
        q = Q(pk__in=issued.filter(lead_agency_id=agency_id).values("case_id")) | Q(
            pk__in=issued.filter(pk__in=supporting).values("case_id")
        )
    commune = user_commune_id(user) if R.UBND_XA in user_roles(user) else None
    if commune:
        ids = list(
            Directive.objects.alive()
            .filter(issued_at__isnull=False, lead_unit_id=commune)
            .values_list("case_id", flat=True)
            .distinct()
        )
        if ids:
            q = Q(pk__in=ids) if q is None else q | Q(pk__in=ids)
    return q


# Recordings: listed (name, size, SHA-256, signature) to the office roles of sessions they see —
# quan_tri included, who keeps the archive; reading the file is decided by services.recordings.can_read.
RECORDING_LISTERS = SEE_ALL


def recordings_visible_to(user, queryset=None):
    from .models import SessionRecording

    qs = SessionRecording.objects.all() if queryset is None else queryset
    if not _auth(user):
        return qs.none()
    if not user.is_superuser and not user_roles(user) & RECORDING_LISTERS:
        return qs.none()
    return _in_visible_sessions(user, qs)


def recording_waivers_visible_to(user, queryset=None):
    from .models import RecordingWaiver

    qs = RecordingWaiver.objects.all() if queryset is None else queryset
    if not _auth(user):
        return qs.none()
    if not user.is_superuser and not user_roles(user) & RECORDING_LISTERS:
        return qs.none()
    return _in_visible_sessions(user, qs)
