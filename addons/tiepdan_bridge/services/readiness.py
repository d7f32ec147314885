"""Readiness of sites for a start time (NĐ 154/2026 art. 23.1), and the board's colours.

The session module asks `readiness(sites, start)`; bridge knows nothing of sessions.

Rules, per site and item:
- test run: a passing `chay_thu` answer for the item dated (local date of the check) on or before the
  working day before the start's date (`add_working_days(start_date, -1)`), and no failing test-run
  answer after it up to the start (the latest answer decides). Only test runs for this start count:
  those since `since` (the session module passes when the session was announced) or, by default, since
  the start of the day TEST_RUN_VALID_WORKING_DAYS working days before the start (the notice period of
  NĐ 154 art. 23.1, after which the bridges are set up) — a test run of months ago proves nothing;
- final check: a passing `truoc_gio` answer within the hour before the start (start - 1 h ≤ at ≤ start),
  the latest in that window decides.
Dates are those of Vietnam (settings.TIME_ZONE), whatever time zone the request has activated.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.services.calendar import add_working_days

from ..models import CheckKind, SiteCheckItem
from .checks import ITEMS

FINAL_WINDOW = dt.timedelta(hours=1)
TEST_RUN_VALID_WORKING_DAYS = 5

GREEN, AMBER, RED = "green", "amber", "red"
COLOUR_LABELS = {GREEN: _("Ready"), AMBER: _("Pending"), RED: _("Not ready")}


@dataclass
class ItemReadiness:
    site_id: int
    item: str
    test_run: SiteCheckItem | None = None  # the passing test-run answer that counts, if any
    latest_test_run: SiteCheckItem | None = None  # the latest test-run answer before the start
    final_check: SiteCheckItem | None = None  # the latest final-check answer in the window

    @property
    def test_run_ok(self) -> bool:
        return self.test_run is not None and self.latest_test_run is not None and self.latest_test_run.passed

    @property
    def final_check_ok(self) -> bool:
        return self.final_check is not None and self.final_check.passed


@dataclass
class Readiness:
    start: dt.datetime
    test_run_deadline: dt.date
    final_window: tuple[dt.datetime, dt.datetime]
    test_runs_since: dt.datetime | None = None  # test runs before this are for another occasion
    items: dict[tuple[int, str], ItemReadiness] = field(default_factory=dict)

    def for_site(self, site_id) -> list[ItemReadiness]:
        return [self.items[(site_id, item)] for item in ITEMS if (site_id, item) in self.items]

    @property
    def missing_test_runs(self) -> list[tuple[int, str]]:
        return [key for key, r in self.items.items() if not r.test_run_ok]

    @property
    def missing_final_checks(self) -> list[tuple[int, str]]:
        return [key for key, r in self.items.items() if not r.final_check_ok]

    @property
    def ready(self) -> bool:
        """Every site has every item's test run (the condition to become `ready`)."""
        return not self.missing_test_runs

    @property
    def can_start(self) -> bool:
        """Also every final check in the hour before (the condition to `start`)."""
        return self.ready and not self.missing_final_checks

    def missing(self) -> list[dict]:
        """What is missing, as data: [{"site": id, "item": code, "missing": ["test_run", "final_check"]}]."""
        out = []
        for (site_id, item), r in self.items.items():
            gaps = [
                name
                for name, ok in (("test_run", r.test_run_ok), ("final_check", r.final_check_ok))
                if not ok
            ]
            if gaps:
                out.append({"site": site_id, "item": item, "missing": gaps})
        return out


def _site_ids(sites) -> list[int]:
    return [getattr(s, "pk", s) for s in sites]


def _vn_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _vn_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def test_run_deadline(start: dt.datetime) -> dt.date:
    """The last local date a test run may take place for a start (1 working day before)."""
    return add_working_days(_vn_date(start), -1)


def readiness(sites, start: dt.datetime, items=ITEMS, since: dt.datetime | None = None) -> Readiness:
    """Which items at which sites have their test run and final check for `start` (aware datetime);
    `since`: the earliest test run that counts (default: TEST_RUN_VALID_WORKING_DAYS working days before)."""
    if timezone.is_naive(start):
        start = timezone.make_aware(start, timezone.get_default_timezone())
    site_ids = _site_ids(sites)
    deadline = test_run_deadline(start)
    deadline_end = _vn_midnight(deadline + dt.timedelta(days=1))
    if since is None:
        since = _vn_midnight(add_working_days(_vn_date(start), -TEST_RUN_VALID_WORKING_DAYS))
    window = (start - FINAL_WINDOW, start)
    result = Readiness(start=start, test_run_deadline=deadline, final_window=window, test_runs_since=since)
    for site_id in site_ids:
        for item in items:
            result.items[(site_id, item)] = ItemReadiness(site_id=site_id, item=item)
    rows = (
        SiteCheckItem.objects.filter(site_check__site_id__in=site_ids, item__in=items)
        .filter(site_check__kind=CheckKind.CHAY_THU, site_check__at__range=(since, start))
        .select_related("site_check", "answered_by")
        .order_by("site_check__at", "answered_at", "id")
    )
    for row in rows:
        entry = result.items[(row.site_check.site_id, row.item)]
        entry.latest_test_run = row
        if row.site_check.at < deadline_end:
            entry.test_run = row if row.passed else None
    finals = (
        SiteCheckItem.objects.filter(site_check__site_id__in=site_ids, item__in=items)
        .filter(site_check__kind=CheckKind.TRUOC_GIO, site_check__at__range=window)
        .select_related("site_check", "answered_by")
        .order_by("site_check__at", "answered_at", "id")
    )
    for row in finals:
        result.items[(row.site_check.site_id, row.item)].final_check = row
    return result


def board(sites, start: dt.datetime, now: dt.datetime | None = None, items=ITEMS) -> list[dict]:
    """Rows for the board: [{"site": site, "cells": [{"item", "colour", "entry"}], "colour": worst}]."""
    now = now or timezone.now()
    result = readiness(sites, start, items=items)
    final_due = now >= start - FINAL_WINDOW
    rows = []
    rank = {GREEN: 0, AMBER: 1, RED: 2}
    for site in sites:
        cells = []
        for item in items:
            entry = result.items[(site.pk, item)]
            cells.append({"item": item, "colour": cell_colour(entry, final_due), "entry": entry})
        worst = max((c["colour"] for c in cells), key=rank.get, default=GREEN)
        rows.append({"site": site, "cells": cells, "colour": worst})
    return rows


def cell_colour(entry: ItemReadiness, final_due: bool) -> str:
    """Green: test run on time and, once the final hour has begun, a passing final check.
    Amber: a passing test run that came too late, or the final check still pending in the last hour.
    Red: a failing answer, or no test run at all."""
    latest = entry.latest_test_run
    if latest is None or not latest.passed:
        return RED
    if entry.final_check is not None and not entry.final_check.passed:
        return RED
    if entry.test_run is None:
        return AMBER
    if final_due and not entry.final_check_ok:
        return AMBER
    return GREEN
