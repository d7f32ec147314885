"""Deleting a session (issue 12): only a draft, only by the board, with a reason, through the back office
and the API; anything past draft is refused (cancel it instead); a case on a draft's agenda cannot be
deleted by itself; the office restores a session and its agenda comes back, unless one of its cases is
on another agenda meanwhile."""

import json

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.deletion import restore, soft_delete
from addons.tiepdan_case.services.errors import Conflict
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for
from addons.tiepdan_case.tests.factories import MY_THO

from ..models import AgendaItem, ReceptionSession
from ..services import planning
from .common import accepted_case, approved_session, new_session, people, session_url, working_day

pytestmark = pytest.mark.django_db

REASON = "Lập nhầm phiên, trùng lịch."


def soft_delete_url(session):
    return reverse("admin:tiepdan_session_receptionsession_soft_delete", args=[session.pk])


def api_delete(user, session, body):
    return client_for(user).delete(
        f"{API}/sessions/{session.pk}/", data=json.dumps(body), content_type="application/json"
    )


def _draft(p, case=None, day=12):
    session = new_session(p["board"], p["chair"], day=working_day(day))
    planning.add_case(p["board"], session, case or accepted_case(MY_THO))
    return session


def test_the_board_deletes_a_draft_session_with_a_reason_through_the_form(client):
    p = people()
    session = _draft(p)
    client.force_login(p["board"])
    assert soft_delete_url(session) in client.get(session_url(session)).content.decode()
    assert client.post(soft_delete_url(session), {"reason": ""}).status_code == 200  # asks the reason
    assert ReceptionSession.objects.get(pk=session.pk).deleted_at is None
    assert client.post(soft_delete_url(session), {"reason": REASON}).status_code == 302
    stored = ReceptionSession.objects.get(pk=session.pk)
    assert stored.deleted_at and stored.deleted_by == p["board"] and stored.deletion_reason == REASON
    assert history_of(session).filter(kind="deleted", note=REASON).exists()
    assert client.get(session_url(session)).status_code == 404
    assert not AgendaItem.objects.filter(session=session, is_open=True).exists()


def test_an_approved_session_is_not_deleted_through_the_form_or_the_api(client):
    p = people()
    session = approved_session(p)
    client.force_login(p["board"])
    page = client.get(soft_delete_url(session)).content.decode()
    assert "soft-delete-problems" in page and "Hãy huỷ phiên" in page
    client.post(soft_delete_url(session), {"reason": REASON})
    body = assert_error(api_delete(p["board"], session, {"reason": REASON}), 409, "rule_violated")
    assert "dự thảo" in body["detail"]
    assert ReceptionSession.objects.get(pk=session.pk).deleted_at is None


def test_djangos_delete_page_is_refused(client):
    p = people()
    session = _draft(p)
    client.force_login(p["board"])
    url = reverse("admin:tiepdan_session_receptionsession_delete", args=[session.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ReceptionSession.objects.filter(pk=session.pk, deleted_at__isnull=True).exists()


def test_the_api_needs_a_reason_and_the_board_role():
    p = people()
    session = _draft(p)
    assert_error(api_delete(p["board"], session, {}), 400, "reason_required")
    assert_error(api_delete(staff_user("vp_ubnd"), session, {"reason": REASON}), 403)
    assert_error(api_delete(staff_user("cong_an"), session, {"reason": REASON}), 404)  # a draft: not seen
    assert ReceptionSession.objects.get(pk=session.pk).deleted_at is None
    assert api_delete(p["board"], session, {"reason": REASON}).status_code == 204
    assert client_for(p["board"]).get(f"{API}/sessions/{session.pk}/").status_code == 404


def test_a_case_on_a_draft_sessions_agenda_is_not_deleted_by_itself():
    p = people()
    case = accepted_case(MY_THO)
    session = _draft(p, case)
    response = client_for(p["board"]).delete(
        f"{API}/cases/{case.pk}/", data=json.dumps({"reason": REASON}), content_type="application/json"
    )
    body = assert_error(response, 409, "rule_violated")
    assert session.code in body["detail"]
    assert Case.objects.get(pk=case.pk).deleted_at is None


def test_the_office_restores_a_session_with_its_agenda_through_the_api_and_the_back_office(client):
    p = people()
    session = _draft(p)
    soft_delete(session, reason=REASON, actor=p["board"])
    office = staff_user("vp_ubnd")
    listed = client_for(office).get(f"{API}/sessions/deleted/").json()["results"]
    assert [row["id"] for row in listed] == [session.pk]
    assert client_for(office).post(f"{API}/sessions/{session.pk}/restore/").status_code == 204
    assert AgendaItem.objects.filter(session=session, is_open=True).count() == 1
    soft_delete(session, reason=REASON, actor=p["board"])
    client.force_login(staff_user("quan_tri"))
    deleted = reverse("admin:tiepdan_session_receptionsession_deleted")
    assert session.code in client.get(deleted).content.decode()
    client.post(reverse("admin:tiepdan_session_receptionsession_restore", args=[session.pk]))
    assert ReceptionSession.objects.get(pk=session.pk).deleted_at is None
    assert history_of(session).filter(kind="restored").count() == 2


def test_a_session_whose_case_went_on_another_agenda_is_not_restored():
    p = people()
    case = accepted_case(MY_THO)
    session = _draft(p, case)
    soft_delete(session, reason=REASON, actor=p["board"])
    planning.add_case(p["board"], _draft_without_agenda(p), case)
    with pytest.raises(Conflict):
        restore(session, actor=staff_user("vp_ubnd"))
    assert ReceptionSession.objects.get(pk=session.pk).deleted_at is not None


def _draft_without_agenda(p):
    return new_session(p["board"], p["chair"], day=working_day(16))
