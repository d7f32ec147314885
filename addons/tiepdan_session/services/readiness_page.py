"""The readiness page of a session: sites × items from the bridge module's `readiness()`, coloured as
the bridge board colours them (`cell_colour`), with who answers, what is missing, and the dossiers still
awaited. Nothing is re-decided here: whether a final check counts is the bridge's `final_check_ok` (on the
day of the start, no later than start − 1 h, not undone by a later failing check; NĐ 154 art. 23.1)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import BridgeSite, CheckItem
from addons.tiepdan_bridge.services import checks as check_service
from addons.tiepdan_bridge.services.readiness import AMBER, GREEN, RED, cell_colour, readiness
from addons.tiepdan_case.models import Agency

from ..models import DossierRequest
from . import rules

RANK = {GREEN: 0, AMBER: 1, RED: 2}


def _worst(colours):
    return max(colours, key=RANK.get, default=GREEN)


def _missing_text(entry, final_due, now) -> list[str]:
    gaps = []
    if entry.latest_test_run is None:
        gaps.append(_("no test run"))
    elif not entry.latest_test_run.passed:
        gaps.append(_("the last test run failed"))
    elif entry.test_run is None:
        gaps.append(_("test run too late"))
    if entry.final_check_ok or not final_due:
        return gaps
    by = timezone.localtime(entry.final_deadline).strftime("%H:%M")
    if entry.final_check is not None and not entry.final_check.passed:
        gaps.append(_("the final check failed"))
    elif entry.failed_after is not None:
        gaps.append(
            _("a check at %(time)s failed after the final check")
            % {"time": timezone.localtime(entry.failed_after.site_check.at).strftime("%H:%M")}
        )
    elif now > entry.final_deadline:
        gaps.append(_("no final check on the day by %(time)s (1 hour before the start)") % {"time": by})
    else:
        gaps.append(_("final check due today by %(time)s") % {"time": by})
    return gaps


def session_page(user, session, now=None) -> dict:
    now = now or timezone.now()
    all_sites = BridgeSite.objects.filter(pk__in=rules.session_site_ids(session)).order_by("level", "code")
    sites = list(
        check_service.board_sites(user, BridgeSite.objects.visible_to(user).filter(pk__in=all_sites))
    )
    result = readiness(sites, session.start, since=session.announced_at)
    final_due = now >= result.final_window[0]  # the day of the start has begun (as the bridge board)
    agencies = {
        a.code: str(a) for a in Agency.objects.filter(code__in=set(check_service.ITEM_AGENCY.values()))
    }
    items = [
        (item.value, item.label, agencies.get(check_service.ITEM_AGENCY[item.value], ""))
        for item in CheckItem
    ]
    rows = []
    for site in sites:
        cells = []
        for code, _label, _agency in items:
            entry = result.items[(site.pk, code)]
            cells.append(
                {
                    "item": code,
                    "colour": cell_colour(entry, final_due, now),
                    "test_run": entry.test_run or entry.latest_test_run,
                    "test_run_ok": entry.test_run_ok,
                    "final_check": entry.final_check,
                    "final_check_ok": entry.final_check_ok,
                    "missing": _missing_text(entry, final_due, now),
                }
            )
        rows.append({"site": site, "cells": cells, "colour": _worst(c["colour"] for c in cells)})
    dossiers = list(
        DossierRequest.objects.visible_to(user)
        .filter(session=session, submitted_at__isnull=True)
        .select_related("agency", "agenda_item__case")
    )
    today = timezone.localdate()
    awaited = [{"request": d, "overdue": d.deadline < today} for d in dossiers]
    colours = [r["colour"] for r in rows] + (
        [RED if any(a["overdue"] for a in awaited) else AMBER] if awaited else []
    )
    return {
        "rows": rows,
        "items": items,
        "dossiers_awaited": awaited,
        "colour": _worst(colours) if rows else RED,
        "test_run_deadline": result.test_run_deadline,
        "final_check_by": timezone.localtime(result.final_window[1]),
        "ready": result.ready,
        "can_start": result.can_start,
    }


PENDING_PARAM, PENDING = "viec_can_lam", "cho_kiem_tra"


def pending_rows(user, rows) -> list[dict]:
    """The sites where an item this user answers for is not ready (the home queue line and the filter)."""
    mine = set(check_service.items_answered_by(user))
    return [r for r in rows if any(c["item"] in mine and c["colour"] != GREEN for c in r["cells"])]


def api_payload(user, session) -> dict:
    page = session_page(user, session)
    return {
        "colour": page["colour"],
        "ready": page["ready"],
        "can_start": page["can_start"],
        "test_run_deadline": page["test_run_deadline"].isoformat(),
        "final_check_by": page["final_check_by"].isoformat(),
        "sites": [
            {
                "site": row["site"].pk,
                "code": row["site"].code,
                "colour": row["colour"],
                "items": [
                    {
                        "item": c["item"],
                        "colour": c["colour"],
                        "test_run_ok": c["test_run_ok"],
                        "final_check_ok": c["final_check_ok"],
                        "missing": c["missing"],
                    }
                    for c in row["cells"]
                ],
            }
            for row in page["rows"]
        ],
        "dossiers_awaited": [
            {
                "agency": a["request"].agency.code,
                "agenda_item": a["request"].agenda_item_id,
                "deadline": a["request"].deadline.isoformat(),
                "overdue": a["overdue"],
            }
            for a in page["dossiers_awaited"]
        ],
    }
