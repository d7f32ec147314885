"""Directive figures on the dashboard and GET /api/v1/dashboard/: open and overdue directives in total and
by lead (each a link to the directive list showing the same number), the next deadlines, the median working
days from issue to done; an agency sees only the directives it leads or supports."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import make_user
from addons.tiepdan_report.services.dashboard import figures_for
from addons.tiepdan_session.models import Directive
from addons.tiepdan_session.services.directives import issue_directives
from addons.tiepdan_session.tests.common import accepted_case, people
from addons.tiepdan_session.tests.directive_common import draft, item_of, running_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def directives():
    p = people()
    today = timezone.localdate()
    cases = [accepted_case() for _ in range(4)]
    session = running_session(p, cases)
    late, on_time, other, done = (
        draft(p["board"], item_of(session, case), lead=lead)
        for case, lead in zip(cases, ("so-nn-mt", "so-nn-mt", "so-tu-phap", "so-tu-phap"), strict=True)
    )
    issue_directives(session, actor=p["board"])
    Directive.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=3))
    issued = timezone.make_aware(dt.datetime.combine(add_working_days(today, -12), dt.time(9)))
    accepted = timezone.make_aware(dt.datetime.combine(add_working_days(today, -4), dt.time(9)))
    Directive.objects.filter(pk=done.pk).update(
        state="done", issued_at=issued, accepted_at=accepted, answer_number="12/UBND", answer_date=today
    )
    return {"late": late, "on_time": on_time, "other": other, "done": done}


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/v1/dashboard/")


def test_the_office_counts_open_and_overdue_directives_by_lead(directives):
    body = _api(make_user("lanh_dao")).json()
    assert body["directives_open"]["value"] == 3 and body["directives_overdue"]["value"] == 1
    by_lead = {row["label"]: (row["open"], row["overdue"]) for row in body["directives_by_lead"]}
    assert by_lead == {"Sở Nông nghiệp và Môi trường": (2, 1), "Sở Tư pháp": (1, 0)}
    assert body["directives_by_lead"][0]["label"] == "Sở Nông nghiệp và Môi trường"  # most overdue first
    first = body["directives_next_deadlines"][0]
    assert first["case"] == directives["late"].case.code and first["overdue"]
    assert body["median_days_directive_to_done"]["value"] == 8.0


def test_each_directive_figure_links_to_a_list_showing_the_same_number(client, directives):
    user = staff_user("lanh_dao")
    client.force_login(user)
    figures = figures_for(user)
    for figure in (figures["directives_open"], figures["directives_overdue"]):
        page = client.get(figure["url"])
        assert page.status_code == 200 and page.context["cl"].result_count == figure["value"], figure
    for row in figures["directives_by_lead"]:
        assert client.get(row["url"]).context["cl"].result_count == row["open"], row
        assert client.get(row["overdue_url"]).context["cl"].result_count == row["overdue"], row


def test_an_agency_sees_only_its_own_directives_and_no_case_figures(client, directives):
    body = _api(make_user("so_nganh")).json()  # Sở Nông nghiệp và Môi trường
    assert body["agency_view"] and body["directives_open"]["value"] == 2
    assert [row["label"] for row in body["directives_by_lead"]] == ["Sở Nông nghiệp và Môi trường"]
    assert "cases_by_type" not in body and "sessions_by_state" not in body
    other = _api(make_user("so_tu_phap")).json()
    assert other["directives_open"]["value"] == 1
    client.force_login(staff_user("so_nganh"))
    home = client.get("/").content.decode()
    assert 'id="agency-dashboard"' in home and directives["late"].case.code in home
    assert directives["other"].case.code not in home


def test_the_home_page_shows_the_directive_figures_to_the_leaders(client, directives):
    client.force_login(staff_user("chu_tich"))
    home = client.get("/").content.decode()
    assert 'data-figure="directives_by_lead"' in home and "Sở Tư pháp" in home
