"""Readiness of sites for a start time (NĐ 154/2026 art. 23.1), and the board's colours.

The session module asks `readiness(sites, start)`; bridge knows nothing of sessions.

Rules, per site and item:
- test run: a passing `chay_thu` answer for the item dated (local date of the check) on or before the
  working day before the start's date (`add_working_days(start_date, -1)`), and no failing test-run
  answer after it up to the start (the latest answer decides). Only test runs for this start count:
  those since `since` (the session module passes when the session was announced) or, by default, since
  the start of the day TEST_RUN_VALID_WORKING_DAYS working days before the start (the notice period of
  NĐ 154 art. 23.1, after which the bridges are set up) — a test run of months ago proves nothing;
- final check (art. 23.1: "chậm nhất 01 giờ trước khi diễn ra", every bridge connected no later than one
  hour before the start): the latest `truoc_gio` answer for the item on the day of the start (local date)
  at or before start − 1 h must have passed, and no failing answer (of any check) for that item at that
  site may follow it up to the start. 06:30 counts for an 08:00 start; 07:50 is too late; a failure at
  07:30 undoes a pass at 06:30 (a re-check after 07:00 cannot make up for it).
Backdating: a passing answer entered more than 2 hours after the time its check claims (a late entry) is
ignored until a vp_ubnd user confirms the check (services.checks.answer_counts); it is listed in
`ItemReadiness.late_entries` so screens can show it. A failing answer always counts.
Dates are those of Vietnam (settings.TIME_ZONE), whatever time zone the request has activated.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.services.calendar import add_working_days

from ..models import CheckKind, SiteCheckItem
from .checks import ITEMS, answer_counts

# The final check must be done no later than this before the start (art. 23.1), on the day of the start.
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
    final_check: SiteCheckItem | None = None  # the latest final-check answer of the day by start − 1 h
    failed_after: SiteCheckItem | None = None  # the first failing answer after it up to the start
    final_deadline: dt.datetime | None = None  # start − 1 h
    late_entries: list = field(default_factory=list)  # passing answers entered late, not confirmed: ignored

    @property
    def test_run_ok(self) -> bool:
        return self.test_run is not None and self.latest_test_run is not None and self.latest_test_run.passed

    @property
    def final_check_ok(self) -> bool:
        return self.final_check is not None and self.final_check.passed and self.failed_after is None


@dataclass
class Readiness:
    start: dt.datetime
    test_run_deadline: dt.date
    final_window: tuple[dt.datetime, dt.datetime]  # (start of the day, start − 1 h): when it must be done
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
        """Also every final check, done on the day by start − 1 h and not undone (the condition to `start`)."""
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
    window = (_vn_midnight(_vn_date(start)), start - FINAL_WINDOW)
    result = Readiness(start=start, test_run_deadline=deadline, final_window=window, test_runs_since=since)
    for site_id in site_ids:
        for item in items:
            result.items[(site_id, item)] = ItemReadiness(
                site_id=site_id, item=item, final_deadline=window[1]
            )
    rows = (
        SiteCheckItem.objects.filter(site_check__site_id__in=site_ids, item__in=items)
        .filter(site_check__kind=CheckKind.CHAY_THU, site_check__at__range=(since, start))
        .select_related("site_check", "answered_by")
        .order_by("site_check__at", "answered_at", "id")
    )
    for row in rows:
        entry = result.items[(row.site_check.site_id, row.item)]
        if row.passed and not answer_counts(row):
            entry.late_entries.append(row)  # backdated and not confirmed: kept, shown, not counted
            continue
        entry.latest_test_run = row
        if row.site_check.at < deadline_end:
            entry.test_run = row if row.passed else None
    day_rows = (
        SiteCheckItem.objects.filter(site_check__site_id__in=site_ids, item__in=items)
        .filter(site_check__at__range=(window[0], start))
        .select_related("site_check", "answered_by")
        .order_by("site_check__at", "answered_at", "id")
    )
    for row in day_rows:  # in time order: the final check of the day, then what followed it
        entry = result.items[(row.site_check.site_id, row.item)]
        if row.passed and not answer_counts(row):
            if row.site_check.kind == CheckKind.TRUOC_GIO:
                entry.late_entries.append(row)
            continue
        if row.site_check.kind == CheckKind.TRUOC_GIO and row.site_check.at <= window[1]:
            entry.final_check, entry.failed_after = row, None
        elif entry.final_check is not None and not row.passed and entry.failed_after is None:
            entry.failed_after = row
    return result


def board(sites, start: dt.datetime, now: dt.datetime | None = None, items=ITEMS) -> list[dict]:
    """Rows for the board: [{"site": site, "cells": [{"item", "colour", "entry"}], "colour": worst}]."""
    now = now or timezone.now()
    result = readiness(sites, start, items=items)
    final_due = now >= result.final_window[0]  # the day of the start has begun
    rows = []
    rank = {GREEN: 0, AMBER: 1, RED: 2}
    for site in sites:
        cells = []
        for item in items:
            entry = result.items[(site.pk, item)]
            cells.append({"item": item, "colour": cell_colour(entry, final_due, now), "entry": entry})
        worst = max((c["colour"] for c in cells), key=rank.get, default=GREEN)
        rows.append({"site": site, "cells": cells, "colour": worst})
    return rows


def cell_colour(entry: ItemReadiness, final_due: bool, now: dt.datetime | None = None) -> str:
    """Green: test run on time and, once the day of the start has begun, a final check that counts.
    Amber: a passing test run that came too late, or the final check still pending before start − 1 h.
    Red: a failing answer, no test run at all, or start − 1 h passed without a final check that counts."""
    latest = entry.latest_test_run
    if latest is None or not latest.passed:
        return RED
    if entry.final_check is not None and not entry.final_check_ok:
        return RED
    if entry.failed_after is not None:
        return RED
    if (
        final_due
        and not entry.final_check_ok
        and now is not None
        and entry.final_deadline
        and now > entry.final_deadline
    ):
        return RED
    if entry.test_run is None:
        return AMBER
    if final_due and not entry.final_check_ok:
        return AMBER
    return GREEN
