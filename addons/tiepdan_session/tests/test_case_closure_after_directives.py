"""Case closure (issue 10): when every directive of a case is done the case moves `following_up` →
`closed` through the case workflow; while one is not done the case cannot be closed by hand; a heard case
with no directive closes once its written answer to the citizen is recorded (API and admin)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.errors import Conflict
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import make_user

from ..models import CaseAnswer
from ..services import directives
from .common import accepted_case, people
from .directive_common import accept, api, draft, item_of, pdf, report_done, running_session

pytestmark = pytest.mark.django_db


def _two_directives():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    item = item_of(session, case)
    first = draft(p["board"], item)
    second = draft(p["board"], item, lead="so-xay-dung")
    directives.issue_directives(session, actor=p["board"])
    return p, case, first, second


def _done(client, directive, lead_user, board):
    client.force_login(lead_user)
    assert report_done(client, directive).status_code == 200
    client.force_login(board)
    assert accept(client, directive).status_code == 200


def test_the_case_closes_when_its_last_directive_is_done(client):
    p, case, first, second = _two_directives()
    board = make_user("ban_tcd")
    _done(client, first, make_user("so_nganh"), board)
    case.refresh_from_db()
    assert case.state == "following_up"  # one directive still open
    _done(client, second, make_user("so_nganh", agency_code="so-xay-dung"), board)
    case.refresh_from_db()
    assert case.state == "closed"
    moves = list(
        history_of(case).filter(kind="transition").order_by("id").values_list("from_state", "to_state")
    )
    assert moves[-1] == ("following_up", "closed")


def test_a_case_with_a_directive_not_done_cannot_be_closed_by_hand():
    p, case, _first, _second = _two_directives()
    with pytest.raises(Conflict) as error:
        case_workflow.perform(p["board"], case.pk, "close")
    assert error.value.code == "rule_violated"


def test_a_heard_case_with_no_directive_closes_once_its_answer_is_recorded_through_the_api(client):
    p = people()
    case = accepted_case()
    running_session(p, [case])
    c = api(client, make_user("ban_tcd"))
    response = c.post(
        "/api/v1/case-answers/",
        {
            "case": case.pk,
            "number": "45/TB-BTCD",
            "answered_on": timezone.localdate().isoformat(),
            "file": pdf(),
        },
    )
    assert response.status_code == 201, response.content
    case.refresh_from_db()
    assert case.state == "closed"
    assert CaseAnswer.objects.get(case=case).number == "45/TB-BTCD"
    again = c.post(
        "/api/v1/case-answers/",
        {"case": case.pk, "number": "46/TB-BTCD", "answered_on": timezone.localdate().isoformat()},
    )
    assert again.status_code == 409


def test_the_answer_is_recorded_from_the_admin_form(client):
    p = people()
    case = accepted_case()
    running_session(p, [case])
    client.force_login(staff_user("ban_tcd"))
    response = client.post(
        reverse("admin:tiepdan_session_caseanswer_add"),
        {
            "case": case.pk,
            "number": "47/TB-BTCD",
            "answered_on": timezone.localdate().strftime("%d/%m/%Y"),
            "upload": pdf(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.state == "closed"


def test_a_case_with_directives_does_not_take_a_direct_answer(client):
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    draft(p["board"], item_of(session, case))
    directives.issue_directives(session, actor=p["board"])
    # the case is following up: its answers come with its directives
    response = api(client, make_user("ban_tcd")).post(
        "/api/v1/case-answers/",
        {"case": case.pk, "number": "48/TB", "answered_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 409
    assert Case.objects.get(pk=case.pk).state == "following_up"


def test_an_agency_cannot_record_the_answer_of_a_case(client):
    p = people()
    case = accepted_case()
    running_session(p, [case])
    response = api(client, make_user("so_nganh")).post(
        "/api/v1/case-answers/",
        {"case": case.pk, "number": "49/TB", "answered_on": timezone.localdate().isoformat()},
    )
    assert response.status_code in (403, 400)
    assert Case.objects.get(pk=case.pk).state == "received"
