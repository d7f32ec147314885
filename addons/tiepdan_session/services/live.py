"""What the console and the live view show of a running session, shaped once for the pages and the API.

Everyone who may see the session sees the agenda's order, slots, outcomes and which item is on now; the
content of an item (case, title, statements) only for whoever may see that agenda item — a commune its
own citizens' items — and a protected denouncer's case text only for its handlers.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case.services import identity

from ..choices import ItemOutcome
from ..models import AgendaItem, Attendance, Invitation
from . import console


def _minutes(delta) -> int:
    return max(int(delta.total_seconds() // 60), 0)


def item_times(item, now=None) -> dict:
    now = now or timezone.now()
    planned = _minutes(item.slot_end - item.slot_start)
    elapsed = None
    if item.started_at:
        elapsed = _minutes((item.ended_at or now) - item.started_at)
    return {"planned_minutes": planned, "elapsed_minutes": elapsed}


def agenda_rows(user, session, now=None) -> list[dict]:
    visible = set(AgendaItem.objects.visible_to(user).filter(session=session).values_list("pk", flat=True))
    rows = []
    # A case deleted after it left the agenda (the citizen was absent) is gone from the day's screens.
    items = session.agenda.filter(case__deleted_at__isnull=True).select_related("case", "case__unit")
    for item in items.order_by("order"):
        full = item.pk in visible
        masked = full and identity.must_mask(user, item.case)
        row = {
            "id": item.pk,
            "order": item.order,
            "slot": f"{timezone.localtime(item.slot_start):%H:%M}–{timezone.localtime(item.slot_end):%H:%M}",
            "is_current": item.pk == session.current_item_id,
            "outcome": item.outcome,
            "outcome_label": str(ItemOutcome(item.outcome).label) if item.outcome else "",
            "no_recording": item.no_recording,
            "no_streaming": item.no_streaming,
            "in_full": full,
            "code": item.case.code if full else "",
            "case_type": item.case.get_case_type_display() if full else "",
            "unit": str(item.case.unit) if full else "",
            "title": identity.case_text(item.case, "title", masked)
            if full
            else _("Case of another locality"),
            **item_times(item, now),
        }
        rows.append(row)
    return rows


def live_state(user, session, now=None) -> dict:
    rows = agenda_rows(user, session, now)
    current = next((r for r in rows if r["is_current"]), None)
    return {
        "id": session.pk,
        "code": session.code,
        "state": session.state,
        "state_label": session.get_state_display(),
        "started_at": session.started_at,
        "concluded_at": session.concluded_at,
        "current_item": current,
        "agenda": rows,
        "done": sum(1 for r in rows if r["outcome"]),
        "total": len(rows),
    }


def check_in_rows(user, session) -> list[dict]:
    """The invitations this user may check in (a commune clerk: those at the commune's site)."""
    invitations = (
        Invitation.objects.visible_to(user)
        .filter(session=session)
        .select_related("citizen", "site", "agenda_item__case")
        .order_by("agenda_item__order", "id")
    )
    attendance = {a.invitation_id: a for a in Attendance.objects.filter(invitation__session=session)}
    rows = []
    for invitation in invitations:
        if not console.may_check_in(user, invitation):
            continue
        rows.append(
            {
                "invitation": invitation,
                "item_order": invitation.agenda_item.order,
                "case_code": invitation.agenda_item.case.code,
                "name": invitation.citizen.full_name,
                "role": invitation.get_role_display(),
                "site": invitation.site,
                "attendance": attendance.get(invitation.pk),
            }
        )
    return rows
