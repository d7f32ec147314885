"""Session figures on the managers' dashboard and GET /api/v1/dashboard/: sessions by state (each a link
to the list that shows the same number), the next sessions with the readiness colour of their page, the
median working days from a case's receipt to the session that heard it, a commune's invitations."""

from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user
from addons.tiepdan_report.services import stored_figures
from addons.tiepdan_report.services.dashboard import figures_for
from addons.tiepdan_session.models import ReceptionSession
from addons.tiepdan_session.tests.common import accepted_case, approved_session, people

from .sessions import announced_session_with_cases

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/v1/dashboard/").json()


def test_sessions_by_state_link_to_a_list_showing_the_same_number(client):
    announced_session_with_cases()
    user = staff_user("lanh_dao")
    client.force_login(user)
    figures = {f["code"]: f for f in figures_for(user)["sessions_by_state"]}
    assert figures["announced"]["value"] == 1
    page = client.get(figures["announced"]["url"])
    assert page.status_code == 200 and page.context["cl"].result_count == 1


def test_the_next_sessions_carry_the_readiness_colour_of_their_page(client):
    _p, session, _cases = announced_session_with_cases()
    body = _api(make_user("chu_tich"))
    (upcoming,) = body["upcoming_sessions"]
    assert upcoming["code"] == session.code and upcoming["colour"] == "red"  # no test run yet
    client.force_login(staff_user("ban_tcd"))
    readiness = client.get(upcoming["readiness_url"])
    assert readiness.status_code == 200 and 'data-colour="red"' in readiness.content.decode()
    home = client.get("/").content.decode()
    assert 'data-figure="upcoming_sessions"' in home and session.code in home


def test_the_median_counts_working_days_from_receipt_to_the_heard_session():
    p = people()
    session = approved_session(p, cases=[accepted_case(), accepted_case(), accepted_case()])
    day = timezone.localtime(session.start).date()
    for n, item in zip((4, 10, 30), session.agenda.select_related("case"), strict=True):
        item.case.received_date = add_working_days(day, -n)
        item.case.save(update_fields=["received_date"])
    assert _api(make_user("lanh_dao"))["median_days_receipt_to_session"]["value"] is None  # not held yet
    ReceptionSession.objects.filter(pk=session.pk).update(state="concluded")
    # The median is kept for FRESH_FOR (services/stored_figures.py): the next computation counts the hearing.
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + stored_figures.FRESH_FOR):
        assert _api(make_user("lanh_dao"))["median_days_receipt_to_session"]["value"] == 10.0


def test_a_commune_counts_only_its_own_invitations_coming_up():
    announced_session_with_cases()
    mine = _api(make_user("ubnd_xa", commune=MY_THO))["invitations_coming_up"]
    other = _api(make_user("ubnd_xa", commune=DAO_THANH))["invitations_coming_up"]
    assert (mine["value"], mine["pending"]) == (2, 2)  # its complaint and its denunciation
    assert other["value"] == 1
    assert "invitations_coming_up" not in _api(make_user("lanh_dao"))


def test_the_number_of_queries_does_not_grow_past_the_upcoming_sessions_shown(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from addons.tiepdan_session.tests.common import working_day

    p = people()
    for offset in (20, 26, 32):
        approved_session(p, day=working_day(offset), cases=[accepted_case()])
    user = make_user("lanh_dao")
    figures_for(user)  # warm the role cache
    with CaptureQueriesContext(connection) as first:
        figures_for(user)
    for offset in (38, 44, 50):
        approved_session(p, day=working_day(offset), cases=[accepted_case()])
    with django_assert_num_queries(len(first.captured_queries)):
        figures = figures_for(user)
    assert len(figures["upcoming_sessions"]) == 3
