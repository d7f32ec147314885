"""The readiness board: the sites a user answers for × the five check items, green / amber / red."""

import datetime as dt

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.services.calendar import next_working_days
from config.db_router import replica_reads
from config.formats import bounds

from .models import BridgeSite, CheckItem, SiteLevel
from .services import checks as check_service
from .services import readiness as readiness_service
from .services import sites as site_service

DAYS_AHEAD = 5
DEFAULT_HOUR = dt.time(8, 0)


def coming_starts(today: dt.date) -> list[dt.datetime]:
    """08:00 on each of the next working days: the planned starts the board offers."""
    days = next_working_days(today, DAYS_AHEAD)
    return [timezone.make_aware(dt.datetime.combine(day, DEFAULT_HOUR)) for day in days]


def _start_param(raw: str | None) -> dt.datetime | None:
    """A malformed, impossible (2026-13-45T08:00) or out-of-bounds start shows the next working day."""
    return bounds.parse_datetime(raw)


@login_required
@replica_reads  # a dashboard: read from the replica when one is configured (the session stays on the primary)
def board(request):
    starts = coming_starts(timezone.localdate())
    start = _start_param(request.GET.get("start")) or starts[0]
    visible = BridgeSite.objects.visible_to(request.user).filter(is_active=True)
    sites = check_service.board_sites(request.user, visible).order_by("level", "code")
    level = request.GET.get("level") or ""
    if level in SiteLevel.values:
        sites = sites.filter(level=level)
    if request.GET.get("site"):
        sites = (
            sites.filter(pk=site_id)
            if (site_id := request.GET["site"]).isdigit() and len(site_id) < 19
            else sites.none()
        )
    query = (request.GET.get("q") or "").strip()
    if query:
        sites = site_service.search_sites(sites, query)
    sites = list(sites)
    rows = readiness_service.board(sites, start)
    mine = set(check_service.items_answered_by(request.user))
    # Sites, not check items: a site is as ready as its worst item (one failing answer makes it red).
    summary = {c: sum(1 for r in rows if r["colour"] == c) for c in ("green", "amber", "red")}
    context = {
        **admin.site.each_context(request),
        "title": _("Readiness board of the bridge sites"),
        "rows": rows,
        "items": [(item.value, item.label, item.value in mine) for item in CheckItem],
        "start": timezone.localtime(start),
        "starts": [timezone.localtime(s) for s in starts],
        "deadline": readiness_service.test_run_deadline(start),
        "final_by": timezone.localtime(start - readiness_service.FINAL_WINDOW),
        "levels": SiteLevel.choices,
        "level": level,
        "q": query,
        "summary": summary,
        "site_total": len(rows),
        "colour_labels": readiness_service.COLOUR_LABELS,
        "can_record": bool(mine),
    }
    return render(request, "tiepdan_bridge/board.html", context)
