"""Marking a directive reported (API `directives/{id}/report/`): only the lead, with what was done and,
when the chairman asked for it, the written answer sent to the citizen — its number, date and file."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.tests.factories import agency, make_user

from ..models import DirectiveReport
from .directive_common import api, issued_directive, report_done

pytestmark = pytest.mark.django_db


def test_the_lead_marks_the_directive_reported_with_the_written_answer(client):
    directive = issued_directive()
    board = make_user("ban_tcd")
    response = report_done(api(client, make_user("so_nganh")), directive)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "reported"
    assert (
        body["answer_number"] == "125/SNNMT-TTr" and body["answer_date"] == timezone.localdate().isoformat()
    )
    assert body["answer_file_name"] == "tra-loi.pdf"
    directive.refresh_from_db()
    assert directive.answer_file and len(directive.answer_sha256) == 64 and directive.reported_at
    assert DirectiveReport.objects.get(directive=directive).is_final
    assert history_of(directive).filter(action="mark_reported", to_state="reported").exists()
    assert Notification.objects.filter(user=board, channel="in_app").exists()  # the board decides next


@pytest.mark.parametrize("missing", ["answer_number", "answer_date", "answer_file"])
def test_the_written_answer_is_required_when_the_chairman_asked_for_one(client, missing):
    directive = issued_directive()
    response = report_done(api(client, make_user("so_nganh")), directive, **{missing: None})
    assert response.status_code == 400
    assert missing in response.json()["fields"]
    directive.refresh_from_db()
    assert directive.state == "open"


def test_no_written_answer_is_needed_when_the_chairman_did_not_ask_for_one(client):
    directive = issued_directive(must_answer_citizen=False)
    response = report_done(
        api(client, make_user("so_nganh")), directive, answer_number=None, answer_date=None, answer_file=None
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "reported"


def test_an_answer_dated_in_the_future_is_refused(client):
    directive = issued_directive()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = report_done(api(client, make_user("so_nganh")), directive, answer_date=tomorrow)
    assert response.status_code == 400
    assert "answer_date" in response.json()["fields"]


def test_a_nonsense_date_is_a_400_not_a_500(client):
    directive = issued_directive()
    response = report_done(api(client, make_user("so_nganh")), directive, answer_date="31/02/99999")
    assert response.status_code == 400
    assert "answer_date" in response.json()["fields"]


def test_a_supporting_agency_cannot_mark_the_directive_reported(client):
    directive = issued_directive(supporting_agencies=[agency("so-tai-chinh")])
    response = report_done(api(client, make_user("so_tai_chinh")), directive)
    assert response.status_code == 403
    directive.refresh_from_db()
    assert directive.state == "open"
