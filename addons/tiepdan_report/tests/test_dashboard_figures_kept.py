"""The dashboard's medians are kept for `stored_figures.FRESH_FOR` (issue 13: each is a scan over years of
agenda items or directives): within that time the kept number is shown with the time it was computed, after
it the number is computed again; a kept number is never shown to a user of another scope."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user
from addons.tiepdan_report.models import StoredFigure
from addons.tiepdan_report.services import stored_figures
from addons.tiepdan_session.models import ReceptionSession
from addons.tiepdan_session.tests.common import accepted_case, approved_session, people, working_day

pytestmark = pytest.mark.django_db
MEDIAN = "median_days_receipt_to_session"


def _median(user, at=None):
    client = APIClient()
    client.force_authenticate(user)
    if at is None:
        return client.get("/api/v1/dashboard/").json()[MEDIAN]
    with mock.patch("django.utils.timezone.now", return_value=at):
        return client.get("/api/v1/dashboard/").json()[MEDIAN]


def _held_session(p, day, waits):
    """A concluded session hearing one case per (commune, working days since its receipt)."""
    session = approved_session(p, day=day, cases=[accepted_case(commune) for commune, _n in waits])
    start = timezone.localtime(session.start).date()
    items = session.agenda.select_related("case").order_by("case__unit__code", "case_id")
    by_commune = {}
    for item in items:
        by_commune.setdefault(item.case.unit.code, []).append(item)
    for commune, n in waits:
        item = by_commune[commune].pop(0)
        item.case.received_date = add_working_days(start, -n)
        item.case.save(update_fields=["received_date"])
    ReceptionSession.objects.filter(pk=session.pk).update(state="concluded")
    return session


def test_a_kept_median_is_shown_with_its_time_until_it_is_older_than_fresh_for():
    p = people()
    _held_session(p, working_day(8), [(MY_THO, 4), (MY_THO, 10), (MY_THO, 30)])
    leader = make_user("lanh_dao")
    t0 = timezone.now()
    first = _median(leader, t0)
    assert first["value"] == 10.0
    assert dt.datetime.fromisoformat(first["computed_at"]) == t0
    assert first["recomputed_after_minutes"] == stored_figures.FRESH_FOR.total_seconds() // 60
    _held_session(p, working_day(14), [(MY_THO, 40), (MY_THO, 50)])  # median now 30
    almost = t0 + stored_figures.FRESH_FOR - dt.timedelta(seconds=1)
    kept = _median(leader, almost)
    assert (kept["value"], kept["computed_at"]) == (10.0, first["computed_at"])  # at most FRESH_FOR old
    fresh = _median(leader, t0 + stored_figures.FRESH_FOR)
    assert fresh["value"] == 30.0
    assert dt.datetime.fromisoformat(fresh["computed_at"]) == t0 + stored_figures.FRESH_FOR


def test_a_kept_median_is_never_shown_to_a_user_of_another_scope():
    p = people()
    _held_session(
        p, working_day(8), [(MY_THO, 2), (MY_THO, 4), (DAO_THANH, 20), (DAO_THANH, 30), (MY_THO, 6)]
    )
    now = timezone.now()
    assert _median(make_user("lanh_dao"), now)["value"] == 6.0  # 2, 4, 6, 20, 30
    assert _median(make_user("ubnd_xa", commune=MY_THO), now)["value"] == 4.0
    assert _median(make_user("ubnd_xa", commune=DAO_THANH), now)["value"] == 25.0
    # Another leader (the same scope: the same statement) reads the leader's kept figure: one row per scope.
    assert _median(make_user("lanh_dao"), now)["value"] == 6.0
    assert StoredFigure.objects.count() == 2 * 3  # the two medians (sessions, directives) of three scopes


def test_the_home_page_shows_when_a_kept_median_was_computed(client):
    from addons.tiepdan_case.tests.admin_helpers import staff_user

    p = people()
    _held_session(p, working_day(8), [(MY_THO, 3)])
    client.force_login(staff_user("lanh_dao"))
    at = timezone.now().replace(microsecond=0)
    with mock.patch("django.utils.timezone.now", return_value=at):
        page = client.get("/").content.decode()
    local = timezone.localtime(at)
    assert f'data-computed-at="{local.isoformat()}"' in page
    assert f"tính lúc {local:%H:%M %d/%m/%Y}" in page


def test_the_worker_forgets_the_kept_figures_no_reader_would_be_shown():
    from django.core.management import call_command

    p = people()
    _held_session(p, working_day(8), [(MY_THO, 4), (MY_THO, 10)])
    _median(make_user("lanh_dao"))
    _median(make_user("ubnd_xa", commune=DAO_THANH))
    kept = list(StoredFigure.objects.order_by("key").values_list("key", flat=True))
    assert len(kept) >= 2  # a figure per statement read
    stale, *fresh = kept
    StoredFigure.objects.filter(key=stale).update(
        computed_at=timezone.now() - stored_figures.FRESH_FOR - dt.timedelta(seconds=1)
    )
    call_command("run_worker", "--once")
    assert sorted(StoredFigure.objects.values_list("key", flat=True)) == sorted(fresh)
