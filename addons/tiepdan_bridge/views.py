"""The readiness board: the sites a user answers for × the five check items, green / amber / red."""

import datetime as dt

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.text import search_key

from .models import BridgeSite, CheckItem, SiteLevel
from .services import checks as check_service
from .services import readiness as readiness_service

DAYS_AHEAD = 5
DEFAULT_HOUR = dt.time(8, 0)


def coming_starts(today: dt.date) -> list[dt.datetime]:
    """08:00 on each of the next working days: the planned starts the board offers."""
    day, out = today, []
    for _n in range(DAYS_AHEAD):
        day = add_working_days(day, 1)
        out.append(timezone.make_aware(dt.datetime.combine(day, DEFAULT_HOUR)))
    return out


def board_sites(user):
    """The sites the user answers for; for everyone else, the sites visible to them."""
    sites = BridgeSite.objects.visible_to(user).filter(is_active=True).select_related("unit")
    if check_service.items_answered_by(user) and check_service.ANSWERING_AGENCIES.isdisjoint(
        {check_service._agency_code(user)}
    ):
        # a commune user answers only for its own commune site
        sites = sites.filter(level=SiteLevel.XA, unit_id=user.profile.unit_id)
    return sites.order_by("level", "code")


@login_required
def board(request):
    starts = coming_starts(timezone.localdate())
    start = parse_datetime(request.GET.get("start") or "") or starts[0]
    if timezone.is_naive(start):
        start = timezone.make_aware(start)
    sites = board_sites(request.user)
    level = request.GET.get("level") or ""
    if level in SiteLevel.values:
        sites = sites.filter(level=level)
    if request.GET.get("site"):
        sites = sites.filter(pk=request.GET["site"]) if request.GET["site"].isdigit() else sites.none()
    query = (request.GET.get("q") or "").strip()
    if query:
        key = search_key(query)
        ids = [
            pk
            for pk, name, code in sites.values_list("pk", "name", "code")
            if key in search_key(f"{name} {code}")
        ]
        sites = sites.filter(Q(pk__in=ids))
    sites = list(sites)
    rows = readiness_service.board(sites, start)
    mine = set(check_service.items_answered_by(request.user))
    summary = {
        c: sum(1 for r in rows for cell in r["cells"] if cell["colour"] == c)
        for c in ("green", "amber", "red")
    }
    context = {
        **admin.site.each_context(request),
        "title": _("Readiness board of the bridge sites"),
        "rows": rows,
        "items": [(item.value, item.label, item.value in mine) for item in CheckItem],
        "start": timezone.localtime(start),
        "starts": [timezone.localtime(s) for s in starts],
        "deadline": readiness_service.test_run_deadline(start),
        "final_from": timezone.localtime(start - readiness_service.FINAL_WINDOW),
        "levels": SiteLevel.choices,
        "level": level,
        "q": query,
        "summary": summary,
        "colour_labels": readiness_service.COLOUR_LABELS,
        "can_record": bool(mine),
    }
    return render(request, "tiepdan_bridge/board.html", context)
