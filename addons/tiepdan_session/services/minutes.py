"""The minutes of a session (biên bản, NĐ 154 arts. 14.1, 14.3), assembled from what the console captured
(TEAM.md interface 2: the report module renders the PDF from `minutes_for`).

`minutes_for(session)` is the official text, for the office and the handlers. With `viewer=user` the text
is shaped for that user: items of cases they may not see keep only their order and outcome, and a
protected denouncer's name, papers and statements never appear for a non-handler.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.services import identity

from ..choices import ItemOutcome
from ..models import AgendaItem, Attendance, Directive, ItemConfirmation, SiteOfficial
from . import rules


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _person(attendance) -> dict:
    invitation = attendance.invitation
    substitute = attendance.status == "substitute"
    return {
        "name": attendance.substitute_name if substitute else invitation.citizen.full_name,
        "invited_as": invitation.get_role_display(),
        "status": attendance.status,
        "status_label": attendance.get_status_display(),
        "substitute_for": invitation.citizen.full_name if substitute else "",
        "substitute_reason": attendance.substitute_reason,
        "site": invitation.site.code,
        "checked_by": _name(attendance.checked_by),
        "checked_at": _local(attendance.checked_at),
    }


def _directives(item, viewer) -> list[dict]:
    """The item's directives (drafted or issued) as the viewer may see them."""
    qs = Directive.objects.alive() if viewer is None else Directive.objects.visible_to(viewer)
    rows = []
    for d in qs.filter(agenda_item=item).select_related("lead_agency", "lead_unit").order_by("id"):
        rows.append(
            {
                "instruction": d.instruction,
                "lead": str(d.lead_agency or d.lead_unit or ""),
                "supporting": [str(a) for a in d.supporting_agencies.all()],
                "deadline": d.deadline,
                "working_days": d.working_days,
                "must_report": d.must_report,
                "must_answer_citizen": d.must_answer_citizen,
            }
        )
    return rows


def _item(item, full: bool, masked: bool, attendances, confirmations, viewer=None) -> dict:
    row = {
        "order": item.order,
        "slot_start": _local(item.slot_start),
        "slot_end": _local(item.slot_end),
        "started_at": _local(item.started_at),
        "ended_at": _local(item.ended_at),
        "outcome": item.outcome,
        "outcome_label": ItemOutcome(item.outcome).label if item.outcome else "",
        "outcome_note": "",
        "in_full": full,
        "protected": item.case.is_protected,
        "case_code": "",
        "case_type": "",
        "title": "",
        "presentation": "",
        "agency_reports": [],
        "conclusion": "",
        "no_recording": item.no_recording,
        "no_streaming": item.no_streaming,
        "restriction_reason": "",
        "people": [],
        "confirmations": [],
        "confirmed": False,
        "directives": [],
    }
    if not full:
        return row
    hide = (lambda text: str(identity.SECRET_TEXT) if text else "") if masked else (lambda text: text)
    row.update(
        {
            "case_code": item.case.code,
            "case_type": item.case.get_case_type_display(),
            "title": identity.case_text(item.case, "title", masked),
            "outcome_note": hide(item.outcome_note),
            "presentation": hide(item.presentation),
            "agency_reports": [
                {"agency": str(r.agency), "text": hide(r.text)}
                for r in item.agency_reports.select_related("agency").order_by("id")
            ],
            "conclusion": hide(item.conclusion),
            "restriction_reason": item.restriction_reason,
            "directives": [] if masked else _directives(item, viewer),
        }
    )
    if not masked:
        row["people"] = [_person(a) for a in attendances]
        row["confirmations"] = [
            {
                "name": _person(c.attendance)["name"],
                "method": c.method,
                "method_label": c.get_method_display(),
                "refusal_reason": c.refusal_reason,
                "recorded_by": _name(c.recorded_by),
                "recorded_at": _local(c.recorded_at),
            }
            for c in confirmations
        ]
    row["confirmed"] = item_confirmed(item, attendances, confirmations)
    return row


def item_confirmed(item, attendances=None, confirmations=None) -> bool:
    """A heard item is confirmed when every person checked in for it signed, thumbprinted, or refused
    (the refusal recorded); an item not heard needs no confirmation."""
    if item.outcome != ItemOutcome.HEARD:
        return True
    attendances = list(attendances if attendances is not None else _attendances(item))
    done = {
        c.attendance_id for c in (confirmations if confirmations is not None else item.confirmations.all())
    }
    return bool(attendances) and all(a.pk in done for a in attendances)


def _attendances(item):
    return Attendance.objects.filter(invitation__agenda_item=item).select_related(
        "invitation__citizen", "invitation__site", "checked_by"
    )


def minutes_confirmed(session) -> bool:
    """Every heard item confirmed by the people present (what `close` needs of the minutes)."""
    return all(item_confirmed(item) for item in session.agenda.all())


def minutes_for(session, viewer=None) -> dict:
    """The minutes as plain data: date, sites with the officials and citizens present, the chair, each
    item (presentation, agency reports, conclusion, outcome, confirmations), the incidents."""
    from .console import session_incidents

    items = list(session.agenda.select_related("case", "case__unit").order_by("order"))
    visible = (
        set(AgendaItem.objects.visible_to(viewer).filter(session=session).values_list("pk", flat=True))
        if viewer is not None
        else {i.pk for i in items}
    )
    attendances = {}
    for a in Attendance.objects.filter(invitation__session=session).select_related(
        "invitation__citizen", "invitation__site", "checked_by"
    ):
        attendances.setdefault(a.invitation.agenda_item_id, []).append(a)
    confirmations = {}
    for c in ItemConfirmation.objects.filter(agenda_item__session=session).select_related(
        "attendance__invitation__citizen", "attendance__invitation__site", "recorded_by"
    ):
        confirmations.setdefault(c.agenda_item_id, []).append(c)
    sites = BridgeSite.objects.filter(pk__in=rules.session_site_ids(session)).order_by("level", "code")
    officials = {}
    for o in SiteOfficial.objects.filter(session=session).select_related("agency").order_by("id"):
        officials.setdefault(o.site_id, []).append(
            {"name": o.full_name, "position": o.position, "agency": str(o.agency or "")}
        )
    shown_people = {}
    item_rows = []
    for item in items:
        full = item.pk in visible
        masked = viewer is not None and identity.must_mask(viewer, item.case)
        row = _item(item, full, masked, attendances.get(item.pk, []), confirmations.get(item.pk, []), viewer)
        item_rows.append(row)
        for person in row["people"]:
            shown_people.setdefault(person["site"], []).append(person)
    chair = session.chair
    return {
        "code": session.code,
        "title": session.title,
        "kind": session.kind,
        "kind_label": session.get_kind_display(),
        "date": session.date,
        "start": _local(session.start),
        "end": _local(session.end),
        "started_at": _local(session.started_at),
        "concluded_at": _local(session.concluded_at),
        "state": session.state,
        "chair": {
            "name": _name(chair),
            "capacity": session.chair_capacity,
            "capacity_label": session.get_chair_capacity_display(),
            "authorisation_number": session.authorisation_number,
            "authorisation_date": session.authorisation_date,
        },
        "note_taker": _name(session.note_taker),
        "host_site": {"code": session.host_site.code, "name": session.host_site.name},
        "sites": [
            {
                "code": site.code,
                "name": site.name,
                "level": site.level,
                "is_host": site.pk == session.host_site_id,
                "officials": officials.get(site.pk, []),
                "citizens": shown_people.get(site.code, []),
            }
            for site in sites
        ],
        "items": item_rows,
        "incidents": [
            {
                "site": incident.site.code,
                "site_name": incident.site.name,
                "kind": incident.kind,
                "kind_label": incident.get_kind_display(),
                "started_at": _local(incident.started_at),
                "ended_at": _local(incident.ended_at),
                "note": incident.note,
            }
            for incident in session_incidents(session)
        ],
        "confirmed": all(row["confirmed"] for row in item_rows),
        "generated_at": timezone.localtime(),
        "heading": _("Minutes of the online citizen reception session %(code)s") % {"code": session.code},
    }
