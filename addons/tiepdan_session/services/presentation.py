"""What the session screens show, shaped once for the admin, the pages and the API."""

from collections import Counter

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_bridge.video import Room, embed_context, get_provider
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.choices import CaseType
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_agency_id, user_commune_id
from addons.tiepdan_case.services import identity

from ..choices import SessionState
from ..models import ReceptionSession
from . import rules, workflow

S = SessionState
JOIN_STATES = (S.APPROVED, S.ANNOUNCED, S.READY, S.IN_PROGRESS)
HOST_ROLES = frozenset({R.BAN_TCD, R.CHU_TICH, R.VP_UBND, R.SO_KHCN})
MODERATORS = frozenset({R.BAN_TCD, R.CHU_TICH})


def agenda_row(user, item) -> dict:
    case = item.case
    return {
        "item": item,
        "order": item.order,
        "slot": f"{timezone.localtime(item.slot_start):%H:%M}–{timezone.localtime(item.slot_end):%H:%M}",
        "code": case.code,
        "case_id": case.pk,
        "case_type": case.get_case_type_display(),
        "unit": str(case.unit),
        "title": identity.case_text(case, "title", identity.must_mask(user, case)),
        "state": case.get_state_display(),
    }


def site_counts(session) -> list[dict]:
    """Each site of the session with how many citizens attend there (what every participant may know)."""
    counts = Counter(session.invitations.values_list("site_id", flat=True))
    sites = BridgeSite.objects.filter(pk__in=rules.session_site_ids(session)).order_by("level", "code")
    return [
        {"site": site, "is_host": site.pk == session.host_site_id, "citizens": counts.get(site.pk, 0)}
        for site in sites
    ]


def cases_by_type(session) -> list[dict]:
    counts = Counter(session.agenda.values_list("case__case_type", flat=True))
    return [
        {"type": str(label), "code": code, "count": counts[code]}
        for code, label in CaseType.choices
        if counts[code]
    ]


def public_facts(session) -> dict:
    """The public schedule's facts (Luật TCD art. 24): time, sites, bodies, focus, cases by type; no names."""
    sites = BridgeSite.objects.filter(pk__in=rules.session_site_ids(session)).order_by("level", "code")
    bodies = sorted({str(a.agency) for a in session.agencies.select_related("agency")})
    if session.central_body_id:
        bodies = [str(session.central_body), *[b for b in bodies if b != str(session.central_body)]]
    return {
        "code": session.code,
        "title": session.title,
        "kind": session.get_kind_display(),
        "start": timezone.localtime(session.start),
        "end": timezone.localtime(session.end),
        "chair": session.get_chair_capacity_display(),
        "host_site": session.host_site,
        "sites": [s for s in sites if s.pk != session.host_site_id],
        "bodies": bodies,
        "focus": session.focus,
        "cases_by_type": cases_by_type(session),
        "case_count": session.agenda.count(),
        "state": session.get_state_display(),
        "article_url": session.article_url,
        "article_title": session.article_title,
    }


CHANGE_LABELS = {
    "case": gettext_lazy("case"),
    "order": gettext_lazy("order"),
    "site": gettext_lazy("bridge site"),
    "agency": gettext_lazy("agency"),
    "duty": gettext_lazy("duty"),
    "risk_level": gettext_lazy("risk level"),
    "status": gettext_lazy("status"),
    "delivery_method": gettext_lazy("delivered how"),
    "delivered_at": gettext_lazy("delivered at"),
    "responded_at": gettext_lazy("answered at"),
    "note": gettext_lazy("note"),
    "on_behalf_of_chair": gettext_lazy("on the chairman's behalf"),
    "recording": gettext_lazy("recording"),
    "sha256": "SHA-256",
    "size": gettext_lazy("size (bytes)"),
    "agenda_item": gettext_lazy("agenda item"),
    "verification": gettext_lazy("verification"),
    "no_recording_reason": gettext_lazy("reason there is no recording"),
    "article_url": gettext_lazy("published article"),
}
EVENT_LABELS = {
    "agenda_added": gettext_lazy("Case put on the agenda"),
    "agenda_removed": gettext_lazy("Case taken off the agenda"),
    "site_added": gettext_lazy("Component site added"),
    "site_removed": gettext_lazy("Component site removed"),
    "agency_invited": gettext_lazy("Agency invited"),
    "agency_removed": gettext_lazy("Agency no longer invited"),
    "dossier_requested": gettext_lazy("Dossier asked for"),
    "briefing_submitted": gettext_lazy("Briefing submitted"),
    "invitation_changed": gettext_lazy("Invitation updated"),
    "security_assessed": gettext_lazy("Security assessed"),
    "recording_linked": gettext_lazy("Recording archived and linked"),
    "recording_verified": gettext_lazy("Recording verified"),
    "recording_waiver": gettext_lazy("Reason for a missing recording recorded"),
    "recording_waiver_signed_off": gettext_lazy("Reason for a missing recording signed off by the chair"),
    "article_linked": gettext_lazy("Published article attached"),
}


def _value(value) -> str:
    if value in (None, ""):
        return "—"
    if value is True:
        return str(gettext_lazy("yes"))
    if isinstance(value, str) and len(value) >= 16 and value[4] == "-" and "T" in value:
        parsed = parse_datetime(value)
        if parsed is not None:
            return timezone.localtime(parsed).strftime("%d/%m/%Y %H:%M")
    return str(value)


def _label(key) -> str:
    if key in CHANGE_LABELS:
        return str(CHANGE_LABELS[key])
    try:
        return str(ReceptionSession._meta.get_field(key).verbose_name)
    except Exception:  # noqa: BLE001 - not a field: show the key
        return key


def change_text(changes: dict) -> str:
    parts = []
    for key, value in (changes or {}).items():
        if key == "invitation":
            continue
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{_label(key)}: {_value(value[0])} → {_value(value[1])}")
        else:
            parts.append(f"{_label(key)}: {_value(value)}")
    return "; ".join(parts)


def history_rows(events) -> list[dict]:
    labels = {code: a.label for code, a in workflow.ACTIONS.items()}
    labels.update(EVENT_LABELS)
    rows = []
    for event in events:
        rows.append(
            {
                "at": event.at,
                "actor": (event.actor.get_full_name() or event.actor.username) if event.actor else "",
                "kind": event.get_kind_display(),
                "action": labels.get(event.action, event.action),
                "to_state": S(event.to_state).label if event.to_state in S.values else "",
                "changes": change_text(event.changes),
                "note": event.note,
            }
        )
    return rows


# --- the video room -----------------------------------------------------------------------------


def can_join(user, session) -> bool:
    """Who may join the session's room: the host's people, the commune users of a session site, the
    central participants when the central bridge joins, users of the invited agencies."""
    if (
        not getattr(user, "is_authenticated", False)
        or not session.video_room
        or session.state not in JOIN_STATES
    ):
        return False
    roles = user_roles(user)
    if roles & HOST_ROLES:
        return True
    if R.TRUNG_UONG in roles and session.central_participation:
        return True
    if R.UBND_XA in roles and user_commune_id(user):
        if session.component_sites.filter(site__unit_id=user_commune_id(user), site__level="xa").exists():
            return True
    agency = user_agency_id(user)
    return bool(agency) and session.agencies.filter(agency_id=agency).exists()


def video_context(user, session) -> dict | None:
    """The room as this user may receive it: nothing at all for a user who may not join."""
    if not can_join(user, session):
        return None
    room = Room(provider=session.video_provider, name=session.video_room, url=session.video_url)
    provider = get_provider("external" if session.video_provider == "external" else session.video_provider)
    join = provider.join_info(room, user, moderator=bool(user_roles(user) & MODERATORS))
    context = {"join_url": join.url, "embeddable": join.embeddable}
    if join.embeddable:
        context.update(embed_context(join))
    return context


def room_status(session) -> str:
    return _("Room ready") if session.video_room else _("No room yet (created on approval)")
