"""Each item ends heard, absent or postponed. Heard: the case is received and its reception register row
written (kind dinh_ky/dot_xuat, held by the chair in person or by the authorised deputy). Absent and
postponed: the case goes back to `accepted` through the case workflow. Through the console API."""

import pytest

from addons.tiepdan_case.models import Case, Reception
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..models import AgendaItem, ReceptionSession
from ..services import planning
from .common import (
    accepted_case,
    check_in_all,
    console,
    new_session,
    people,
    running_session,
    working_day,
)

pytestmark = pytest.mark.django_db


def _clerk(invitation):
    return staff_user("ubnd_xa", commune=invitation.agenda_item.case.unit.code)


def _running(**kwargs):
    p = people()
    s = running_session(p, cases=[accepted_case(MY_THO), accepted_case(DAO_THANH)], **kwargs)
    s.people = p
    return s


@pytest.fixture
def session(db):
    return _running()


def _items(session):
    return list(session.agenda.order_by("order"))


def test_a_heard_item_receives_the_case_and_writes_its_register_row(client, session):
    first, _second = _items(session)
    check_in_all(_clerk, session, first)
    client.force_login(session.people["board"])
    response = console(client, session, "outcome", item=first.pk, outcome="heard")
    assert response.status_code == 200, response.json()
    first.refresh_from_db()
    assert first.outcome == "heard" and first.outcome_by == session.people["board"]
    assert Case.objects.get(pk=first.case_id).state == "received"
    row = Reception.objects.get(case=first.case)
    assert first.reception == row
    assert row.kind == "dinh_ky" and row.by_head is True
    assert row.received_by == (session.chair.get_full_name() or session.chair.username)
    assert row.receiving_agency.kind == "ubnd_tinh" and row.people_count == 1


def test_an_ad_hoc_session_chaired_by_the_deputy_writes_an_ad_hoc_row_not_by_the_head(client, db):
    session = _running(
        kind="dot_xuat",
        chair_capacity="pho_chu_tich",
        authorisation_number="123/UQ-UBND",
        authorisation_date=working_day(-3),
    )
    first = _items(session)[0]
    check_in_all(_clerk, session, first)
    client.force_login(session.people["board"])
    assert console(client, session, "outcome", item=first.pk, outcome="heard").status_code == 200
    row = Reception.objects.get(case=first.case)
    assert row.kind == "dot_xuat" and row.by_head is False and "123/UQ-UBND" in row.received_by


def test_an_item_nobody_checked_in_for_cannot_be_heard(client, session):
    first = _items(session)[0]
    client.force_login(session.people["board"])
    response = console(client, session, "outcome", item=first.pk, outcome="heard")
    assert response.status_code == 409
    assert not Reception.objects.exists()
    assert AgendaItem.objects.get(pk=first.pk).outcome == ""


def test_an_absent_citizen_sends_the_case_back_to_accepted_and_frees_it_for_another_session(client, session):
    second = _items(session)[1]
    client.force_login(session.people["board"])
    assert console(client, session, "outcome", item=second.pk, outcome="absent").status_code == 200
    case = Case.objects.get(pk=second.case_id)
    assert case.state == "accepted" and not Reception.objects.filter(case=case).exists()
    later = new_session(session.people["board"], session.chair, day=working_day(12))
    planning.add_case(session.people["board"], later, case)  # no longer on an open agenda


def test_a_postponed_item_needs_the_reason_and_sends_the_case_back(client, session):
    second = _items(session)[1]
    client.force_login(session.people["board"])
    response = console(client, session, "outcome", item=second.pk, outcome="postponed")
    assert response.status_code == 400 and "note" in response.json()["fields"]
    ok = console(client, session, "outcome", item=second.pk, outcome="postponed", note="Chờ kết quả đo đạc")
    assert ok.status_code == 200
    assert Case.objects.get(pk=second.case_id).state == "accepted"
    assert AgendaItem.objects.get(pk=second.pk).outcome_note == "Chờ kết quả đo đạc"


def test_an_outcome_is_recorded_once(client, session):
    second = _items(session)[1]
    client.force_login(session.people["board"])
    console(client, session, "outcome", item=second.pk, outcome="absent")
    assert (
        console(client, session, "outcome", item=second.pk, outcome="postponed", note="x").status_code == 409
    )


@pytest.mark.parametrize("role", ["chu_tich", "vp_ubnd", "so_nganh"])
def test_only_the_operator_records_outcomes(client, session, role):
    first = _items(session)[0]
    client.force_login(staff_user(role))
    assert console(client, session, "outcome", item=first.pk, outcome="absent").status_code in (403, 404)
    assert AgendaItem.objects.get(pk=first.pk).outcome == ""


def test_an_unknown_outcome_is_a_400(client, session):
    client.force_login(session.people["board"])
    response = console(client, session, "outcome", item=_items(session)[0].pk, outcome="maybe")
    assert response.status_code == 400


def test_next_item_needs_the_outcome_of_the_current_one(client, session):
    first, second = _items(session)
    client.force_login(session.people["board"])
    assert console(client, session, "next_item").status_code == 409
    console(client, session, "outcome", item=first.pk, outcome="absent")
    response = console(client, session, "next_item")
    assert response.status_code == 200 and response.json()["current_item"]["id"] == second.pk
    assert ReceptionSession.objects.get(pk=session.pk).current_item_id == second.pk


def test_the_operator_may_put_any_open_item_on_screen_and_its_time_starts(client, session):
    first, second = _items(session)
    client.force_login(session.people["board"])
    response = console(client, session, "current_item", item=second.pk)
    assert response.status_code == 200
    second.refresh_from_db()
    assert second.started_at is not None
    body = response.json()
    assert body["current_item"]["id"] == second.pk and body["current_item"]["planned_minutes"] > 0


def test_statements_and_agency_reports_are_entered_for_the_item(client, session):
    from addons.tiepdan_case.models import Agency

    first = _items(session)[0]
    client.force_login(session.people["board"])
    assert (
        console(
            client,
            session,
            "statements",
            item=first.pk,
            presentation="Công dân trình bày",
            conclusion="Giao Sở NN&MT",
        ).status_code
        == 200
    )
    agency = Agency.objects.get(code="so-nn-mt")
    assert (
        console(
            client, session, "agency_report", item=first.pk, agency=agency.pk, text="Sở báo cáo"
        ).status_code
        == 200
    )
    first.refresh_from_db()
    assert (first.presentation, first.conclusion) == ("Công dân trình bày", "Giao Sở NN&MT")
    assert first.agency_reports.get().text == "Sở báo cáo"
    assert (
        console(client, session, "agency_report", item=first.pk, agency=agency.pk, text="").status_code == 400
    )
