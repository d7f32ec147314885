"""Submitting a draft (and sending it back) is recorded as a submission, not as a draft → draft move:
DESIGN.md has no `submitted` session state."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import AuditEvent

from ..models import ReceptionSession
from ..services import planning
from .common import accepted_case, new_session, people, transition

pytestmark = pytest.mark.django_db


def _draft(p):
    session = new_session(p["board"], p["chair"])
    planning.add_case(p["board"], session, accepted_case())
    return session


def test_submitting_records_the_submission_time_and_no_state_change(client):
    p = people()
    session = _draft(p)
    client.force_login(p["board"])
    assert transition(client, session, "submit").status_code == 200
    event = AuditEvent.objects.get(action="submit")
    session = ReceptionSession.objects.get(pk=session.pk)
    assert event.kind == "changed" and (event.from_state, event.to_state) == ("", "")
    assert event.changes == {"submitted_at": [None, session.submitted_at.isoformat()]}
    assert event.actor == p["board"]


def test_sending_back_records_the_cleared_submission_with_the_reason(client):
    p = people()
    session = _draft(p)
    client.force_login(p["board"])
    transition(client, session, "submit")
    submitted_at = ReceptionSession.objects.get(pk=session.pk).submitted_at
    client.force_login(p["chair"])
    assert transition(client, session, "send_back", note="Bổ sung hồ sơ").status_code == 200
    event = AuditEvent.objects.get(action="send_back")
    assert event.kind == "changed" and (event.from_state, event.to_state) == ("", "")
    assert event.changes == {"submitted_at": [submitted_at.isoformat(), None]}
    assert event.note == "Bổ sung hồ sơ"


def test_the_session_page_history_shows_the_submission_without_a_state_arrow(client):
    p = people()
    session = _draft(p)
    client.force_login(p["board"])
    transition(client, session, "submit")
    page = client.get(reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]))
    rows = page.context["history"]
    submit = next(r for r in rows if r["action"] == "Trình duyệt")
    assert submit["to_state"] == "" and submit["changes"].startswith("trình duyệt lúc: — → ")
