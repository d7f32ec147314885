"""`start` (ban_tcd) only when readiness holds: every site's test run and its final connection on the day
no later than one hour before the start (NĐ 154 art. 23.1); the first item goes on screen."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user

from ..models import ReceptionSession
from .common import accepted_case, connect_sites, people, ready_session, transition, transition_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    p = people()
    s = ready_session(p, cases=[accepted_case(), accepted_case()])
    s.people = p
    return s


def test_start_is_refused_while_the_sites_are_not_connected_an_hour_before(client, session):
    client.force_login(session.people["board"])
    response = transition(client, session, "start")
    assert response.status_code == 409
    assert "01 giờ trước" in response.json()["detail"]
    assert ReceptionSession.objects.get(pk=session.pk).state == "ready"


def test_a_final_connection_within_the_last_hour_does_not_count_for_start(client, session):
    connect_sites(session, minutes_before=30)
    client.force_login(session.people["board"])
    assert transition(client, session, "start").status_code == 409


def test_start_before_the_session_is_ready_is_a_409(client, db):
    from .common import announced_session

    p = people()
    session = announced_session(p)
    connect_sites(session)
    client.force_login(p["board"])
    assert transition(client, session, "start").status_code == 409


def test_the_board_starts_a_ready_connected_session_and_the_first_item_is_on(client, session):
    connect_sites(session)
    client.force_login(session.people["board"])
    response = transition(client, session, "start")
    assert response.status_code == 200, response.json()
    session.refresh_from_db()
    first = session.agenda.order_by("order").first()
    assert session.state == "in_progress" and session.started_at is not None
    assert session.current_item == first and first.started_at is not None


@pytest.mark.parametrize("role", ["chu_tich", "vp_ubnd", "so_khcn"])
def test_only_the_board_starts_the_session(client, session, role):
    connect_sites(session)
    client.force_login(staff_user(role))
    assert transition(client, session, "start").status_code in (403, 404)
    assert ReceptionSession.objects.get(pk=session.pk).state == "ready"


def test_the_admin_start_button_makes_the_same_move(client, session):
    connect_sites(session)
    client.force_login(session.people["board"])
    client.post(transition_url(session, "start"))
    assert ReceptionSession.objects.get(pk=session.pk).state == "in_progress"
