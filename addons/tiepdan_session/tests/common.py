"""Shared helpers of the session tests: dates on the working-day calendar, accepted cases, sessions."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_bridge.models import BridgeSite, SiteCheck, SiteCheckItem
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, unit

from ..services import planning

HOST = "TINH-TTHN"
ITEMS = ("network", "audio_video", "recording", "power", "security")


def working_day(n: int) -> dt.date:
    """The n-th working day from today (n < 0: before)."""
    return add_working_days(timezone.localdate(), n)


def local(day: dt.date, hh=8, mm=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))


def site(code):
    return BridgeSite.objects.get(code=code)


def accepted_case(commune=MY_THO, **kwargs):
    kwargs.setdefault("eligibility", "khac")
    return CaseFactory(state="accepted", unit=unit(commune), **kwargs)


def people():
    return {"board": staff_user("ban_tcd"), "chair": staff_user("chu_tich")}


def new_session(board, chair, day=None, start=(8, 0), end=(11, 0), **extra):
    day = day or working_day(8)
    data = {
        "kind": "dinh_ky",
        "title": "Phiên tiếp công dân định kỳ",
        "focus": "Đất đai, bồi thường",
        "start": local(day, *start),
        "end": local(day, *end),
        "chair": chair,
        "host_site": site(HOST),
        **extra,
    }
    return planning.save_session(board, None, data)


def session_url(session):
    return reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk])


def admin_url(model, action="add", *args):
    return reverse(f"admin:tiepdan_session_{model}_{action}", args=args)


def transition_url(session, action):
    return reverse("admin:tiepdan_session_receptionsession_transition", args=[session.pk, action])


def record_checks(sites, at, kind="chay_thu", passed=True, who=None, items=ITEMS):
    """Checks written straight to the table: the bridge service refuses answers dated in the future,
    and a session's test run lies after today (time passes in the test)."""
    who = who or staff_user("so_khcn")
    for s in sites:
        check = SiteCheck.objects.create(site=s, kind=kind, at=at, created_by=who)
        for item in items:
            SiteCheckItem.objects.create(
                site_check=check, item=item, passed=passed, answered_by=who, answered_at=at
            )


def api_login(client, user):
    client.force_login(user)
    return client


def transition(client, session, action, **data):
    return client.post(
        f"/api/v1/sessions/{session.pk}/transition/",
        {"action": action, **data},
        content_type="application/json",
    )


def prepared_session(p, cases=None, **kwargs):
    """A draft session with an agenda, submitted for approval."""
    from ..services import workflow

    session = new_session(p["board"], p["chair"], **kwargs)
    for case in cases or [accepted_case()]:
        planning.add_case(p["board"], session, case)
    workflow.perform(p["board"], session.pk, "submit")
    session.refresh_from_db()
    return session


def approved_session(p, **kwargs):
    from ..services import workflow

    session = prepared_session(p, **kwargs)
    workflow.perform(p["chair"], session.pk, "approve")
    session.refresh_from_db()
    return session


def announced_session(p, **kwargs):
    from ..services import workflow

    session = approved_session(p, **kwargs)
    workflow.perform(p["board"], session.pk, "announce")
    session.refresh_from_db()
    return session


def ready_session(p, **kwargs):
    """An announced session whose sites passed their test runs the working day before: `ready`."""
    from ..services import workflow

    session = announced_session(p, **kwargs)
    sites = workflow.session_sites(session)
    day = add_working_days(session.date, -1)
    record_checks(sites, timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0))))
    workflow.perform(p["board"], session.pk, "declare_ready")
    session.refresh_from_db()
    return session


def connect_sites(session, minutes_before=61):
    """The final connection of every site on the day (NĐ 154 art. 23.1: no later than start − 1 h)."""
    from ..services import workflow

    record_checks(
        workflow.session_sites(session),
        session.start - dt.timedelta(minutes=minutes_before),
        kind="truoc_gio",
    )


def running_session(p, **kwargs):
    """A ready session whose sites are connected, started by the board: `in_progress`."""
    from ..services import workflow

    session = ready_session(p, **kwargs)
    connect_sites(session)
    workflow.perform(p["board"], session.pk, "start")
    session.refresh_from_db()
    return session


def console(client, session, action, **data):
    return client.post(
        f"/api/v1/sessions/{session.pk}/console/",
        {"action": action, **data},
        content_type="application/json",
    )


def check_in_all(clerk_for, session, item=None):
    """Every invited citizen (of one item) checked in with their own paper by the clerk of their site."""
    from ..services import console as console_service

    invitations = session.invitations.select_related("citizen", "site")
    if item is not None:
        invitations = invitations.filter(agenda_item=item)
    return [
        console_service.check_in(clerk_for(inv), inv.pk, status="present", id_number=inv.citizen.id_number)
        for inv in invitations
    ]
