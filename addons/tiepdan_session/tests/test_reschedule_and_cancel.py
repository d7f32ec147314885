"""Moving the time takes the session back to approved (notice again); cancelling returns the cases."""

import pytest

from addons.tiepdan_case.signals import case_left_schedule
from addons.tiepdan_case.tests.factories import DAO_THANH as DAO_THANH_CODE

from ..models import AgendaItem
from .common import accepted_case, announced_session, local, new_session, people, transition, working_day

pytestmark = pytest.mark.django_db


def _iso(day, hh):
    return local(day, hh).isoformat()


def test_moving_an_announced_session_takes_it_back_to_approved(client):
    p = people()
    session = announced_session(p)
    client.force_login(p["board"])
    day = working_day(15)
    response = transition(
        client, session, "reschedule", note="Trùng lịch họp", start=_iso(day, 14), end=_iso(day, 16)
    )
    assert response.status_code == 200, response.json()
    session.refresh_from_db()
    assert session.state == "approved" and session.version == 2 and session.announced_at is None
    item = session.agenda.get()
    assert local(day, 14) <= item.slot_start < item.slot_end <= local(day, 16)
    assert transition(client, session, "announce").status_code == 200


def test_the_new_time_must_again_respect_the_five_working_days(client):
    p = people()
    session = announced_session(p)
    client.force_login(p["board"])
    day = working_day(3)
    response = transition(client, session, "reschedule", note="Dời", start=_iso(day, 8), end=_iso(day, 10))
    assert response.status_code == 409
    session.refresh_from_db()
    assert session.state == "announced"


def test_moving_needs_a_reason_and_a_valid_time(client):
    p = people()
    session = announced_session(p)
    client.force_login(p["board"])
    assert transition(client, session, "reschedule", note="Dời").status_code == 400
    day = working_day(15)
    response = transition(client, session, "reschedule", note="Dời", start=_iso(day, 10), end=_iso(day, 9))
    assert response.status_code == 400 and "end" in response.json()["fields"]
    assert transition(client, session, "reschedule", note="Dời", start="ngày mai", end="x").status_code == 400


def test_cancelling_returns_the_cases_to_accepted_and_frees_them(client):
    p = people()
    case = accepted_case()
    session = announced_session(p, cases=[case])
    case.refresh_from_db()
    assert case.state == "scheduled"
    client.force_login(p["board"])
    assert transition(client, session, "cancel", note="Thiên tai").status_code == 200
    case.refresh_from_db()
    assert case.state == "accepted"
    assert not AgendaItem.objects.filter(case=case, is_open=True).exists()
    from ..services import planning

    other = new_session(p["board"], p["chair"], day=working_day(12))
    planning.add_case(p["board"], other, case)  # free for another agenda


def test_a_case_that_leaves_the_schedule_leaves_every_open_agenda(db):
    p = people()
    case = accepted_case()
    session = announced_session(p, cases=[case])
    case_left_schedule.send(sender=type(case), case=case, actor=p["board"], reason="Yêu cầu bảo vệ")
    assert not session.agenda.exists()
    assert not session.invitations.exists()


def test_a_denouncer_asking_for_protection_takes_the_case_off_the_announced_agenda(db):
    from addons.tiepdan_case.services.cases import update_case

    p = people()
    case = accepted_case(case_type="to_cao", eligibility="khac", title="Tố cáo cán bộ thu tiền")
    other = accepted_case(DAO_THANH_CODE)
    session = announced_session(p, cases=[case, other])
    case.refresh_from_db()
    assert case.state == "scheduled"
    update_case(p["board"], case, {"identity_protection": True})
    case.refresh_from_db()
    assert case.state == "accepted"
    assert list(session.agenda.values_list("case_id", flat=True)) == [other.pk]
    assert not session.invitations.filter(agenda_item__case=case).exists()
