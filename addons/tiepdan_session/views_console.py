"""The session on the day: the operator's console (ban_tcd) and the live view everyone else who may see
the session follows (refreshed by htmx polling, the htmx the admin already serves from our static files).
Forms post the same fields as `POST /api/v1/sessions/{id}/console/` and go through the same serializer
and service."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models.incidents import IncidentKind
from addons.tiepdan_case.models import AdministrativeUnit, Agency
from addons.tiepdan_case.services.errors import DomainError

from .api.serializers import ConsoleActionSerializer
from .choices import ConfirmationMethod, ItemOutcome, SessionState
from .models import Attendance, Directive, ReceptionSession, SiteOfficial
from .services import console, live, presentation, workflow
from .views import _session_or_404

POLL_SECONDS = 5
ONE_CLICK_INCIDENTS = (IncidentKind.AUDIO, IncidentKind.VIDEO, IncidentKind.CONNECTION)


def _first_error(errors) -> str:
    if isinstance(errors, dict):
        for name, value in errors.items():
            message = _first_error(value)
            return f"{name}: {message}" if name != "non_field_errors" else message
    if isinstance(errors, list) and errors:
        return _first_error(errors[0])
    return str(errors)


def _run(request, session, back):
    """Run one posted console action; the outcome shows as a message on the page it came from."""
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v != ""}
    for flag in ("no_recording", "no_streaming") + (
        ("must_report", "must_answer_citizen") if data.get("action") == "directive" else ()
    ):
        data[flag] = flag in request.POST
    if "supporting_agencies" in request.POST:
        data["supporting_agencies"] = request.POST.getlist("supporting_agencies")
    serializer = ConsoleActionSerializer(data=data)
    if not serializer.is_valid():
        messages.error(request, _first_error(serializer.errors))
        return redirect(back)
    try:
        console.perform_action(request.user, session, serializer.validated_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(back)


def _live_context(request, session) -> dict:
    return {
        "session": session,
        "live": live.live_state(request.user, session),
        "poll_seconds": POLL_SECONDS,
        "fragment_url": reverse("tiepdan_session:live_fragment", args=[session.pk]),
        "now": timezone.localtime(),
    }


def _presence(session, user) -> list[dict]:
    """Per site: the invited citizens as this user may see them (names only where the invitation is
    visible), how many are checked in, and the officials present."""
    from .models import Invitation

    sites = workflow.session_sites(session)
    visible = {
        inv.pk: inv
        for inv in Invitation.objects.visible_to(user)
        .filter(session=session)
        .select_related("citizen", "agenda_item__case")
    }
    # Counts of every invitation still standing (not of a deleted case or citizen), names only of visible ones.
    standing = Invitation.objects.filter(
        session=session, agenda_item__case__deleted_at__isnull=True, citizen__deleted_at__isnull=True
    )
    attendance = {a.invitation_id: a for a in Attendance.objects.filter(invitation__in=standing)}
    officials = {}
    for o in SiteOfficial.objects.filter(session=session).select_related("agency").order_by("id"):
        officials.setdefault(o.site_id, []).append(o)
    counts = {}
    for inv_id, site_id in standing.values_list("pk", "site_id"):
        total, present = counts.get(site_id, (0, 0))
        counts[site_id] = (total + 1, present + (1 if inv_id in attendance else 0))
    rows = []
    for site in sites:
        total, present = counts.get(site.pk, (0, 0))
        rows.append(
            {
                "site": site,
                "invited": total,
                "present": present,
                "officials": officials.get(site.pk, []),
                "citizens": [
                    {"invitation": inv, "attendance": attendance.get(inv.pk)}
                    for inv in visible.values()
                    if inv.site_id == site.pk
                ],
            }
        )
    return rows


@login_required
def console_page(request, session_id):
    session = _session_or_404(request.user, session_id)
    if not console.is_operator(request.user):
        raise PermissionDenied(_("Only the board's operator runs the session."))
    back = reverse("tiepdan_session:console", args=[session.pk])
    if request.method == "POST":
        return _run(request, session, back)
    session = ReceptionSession.objects.select_related("current_item__case", "host_site", "chair").get(
        pk=session.pk
    )
    current = session.current_item
    context = {
        **admin.site.each_context(request),
        "title": _("Console of session %(code)s") % {"code": session.code},
        **_live_context(request, session),
        "session_url": reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]),
        "live_url": reverse("tiepdan_session:live", args=[session.pk]),
        "readiness_url": reverse("tiepdan_session:readiness", args=[session.pk]),
        "actions": [
            {
                "action": a,
                "url": reverse(
                    "admin:tiepdan_session_receptionsession_transition", args=[session.pk, a.code]
                ),
            }
            for a in workflow.allowed_actions(request.user, session)
            if a.code in ("start", "conclude")
        ],
        "video": presentation.video_context(request.user, session),
        "running": session.state == SessionState.IN_PROGRESS,
        "current": current,
        "current_reports": current.agency_reports.select_related("agency") if current else [],
        "current_directives": Directive.objects.alive()
        .filter(agenda_item=current)
        .select_related("lead_agency", "lead_unit")
        .prefetch_related("supporting_agencies")
        .order_by("id")
        if current
        else [],
        "communes": AdministrativeUnit.objects.exclude(kind="tinh").order_by("name"),
        "agencies": Agency.objects.filter(is_active=True).exclude(kind="ubnd_xa").order_by("name"),
        "presence": _presence(session, request.user),
        "incident_kinds": [(k.value, k.label) for k in ONE_CLICK_INCIDENTS],
        "open_incidents": console.session_incidents(session).filter(ended_at__isnull=True),
        "outcomes": ItemOutcome.choices,
    }
    return render(request, "tiepdan_session/console.html", context)


def _confirmable(request, session):
    """Heard items' people this user records the confirmation for (at their own site)."""
    rows = []
    attendances = (
        Attendance.objects.visible_to(request.user)
        .filter(invitation__session=session, invitation__agenda_item__outcome=ItemOutcome.HEARD)
        .select_related("invitation__citizen", "invitation__site", "invitation__agenda_item__case")
        .prefetch_related("confirmations")
    )
    for attendance in attendances:
        if not console.may_confirm(request.user, attendance):
            continue
        item = attendance.invitation.agenda_item
        done = next((c for c in attendance.confirmations.all() if c.agenda_item_id == item.pk), None)
        rows.append({"attendance": attendance, "item": item, "confirmation": done})
    return rows


@login_required
def live_page(request, session_id):
    session = _session_or_404(request.user, session_id)
    back = reverse("tiepdan_session:live", args=[session.pk])
    if request.method == "POST":
        return _run(request, session, back)
    context = {
        **admin.site.each_context(request),
        "title": _("Session %(code)s live") % {"code": session.code},
        **_live_context(request, session),
        "session_url": reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]),
        "console_url": reverse("tiepdan_session:console", args=[session.pk])
        if console.is_operator(request.user)
        else "",
        "check_ins": live.check_in_rows(request.user, session)
        if session.state in console.CHECK_IN_STATES
        else [],
        "confirmations": _confirmable(request, session) if session.state in console.CONFIRM_STATES else [],
        "methods": ConfirmationMethod.choices,
    }
    return render(request, "tiepdan_session/live.html", context)


@login_required
def live_fragment(request, session_id):
    """The part of the live view that refreshes by itself: the agenda and the item on now."""
    session = _session_or_404(request.user, session_id)
    return render(request, "tiepdan_session/live_agenda.html", _live_context(request, session))
