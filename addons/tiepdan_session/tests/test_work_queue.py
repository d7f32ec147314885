"""The home work queue's session lines (TEAM.md interface 7): each count opens exactly its rows."""

import pytest
from django.test import RequestFactory

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO
from addons.tiepdan_case.workqueue import entries_for

from .common import accepted_case, announced_session, people, prepared_session

pytestmark = pytest.mark.django_db


def _lines(user):
    request = RequestFactory().get("/")
    request.user = user
    return {line.title: line for line in entries_for(request) if line.kind == "line"}


def _rows(client, url):
    return len(client.get(url).context["cl"].result_list)


def test_the_chairman_sees_the_sessions_awaiting_approval_and_the_link_opens_them(client):
    p = people()
    prepared_session(p)
    line = _lines(p["chair"])["Phiên chờ duyệt"]
    assert line.count == 1
    client.force_login(p["chair"])
    assert _rows(client, line.url) == 1


def test_the_commune_sees_the_invitations_to_hand_out(client):
    p = people()
    announced_session(p, cases=[accepted_case(MY_THO)])
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    line = _lines(clerk)["Giấy mời cần giao"]
    assert line.count == 1
    client.force_login(clerk)
    assert _rows(client, line.url) == 1
    assert "Giấy mời cần giao" not in _lines(staff_user("ubnd_xa", commune="28249"))


def test_the_board_sees_what_to_announce(client):
    from ..services import workflow

    p = people()
    session = prepared_session(p)
    workflow.perform(p["chair"], session.pk, "approve")
    line = _lines(p["board"])["Phiên đã duyệt cần thông báo"]
    assert line.count == 1
    client.force_login(p["board"])
    assert _rows(client, line.url) == 1


def test_a_delivered_invitation_moves_to_the_line_of_answers_awaited_and_a_confirmed_one_leaves(client):
    from ..models import Invitation
    from ..services import planning

    p = people()
    announced_session(p, cases=[accepted_case(MY_THO)])
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    invitation = Invitation.objects.get()
    planning.update_invitation(clerk, invitation, {"status": "delivered", "delivery_method": "in_person"})
    lines = _lines(clerk)
    assert "Giấy mời cần giao" not in lines
    line = lines["Giấy mời đã giao, chờ công dân trả lời"]
    assert line.count == 1
    client.force_login(clerk)
    assert _rows(client, line.url) == 1
    planning.update_invitation(clerk, Invitation.objects.get(), {"status": "confirmed"})
    assert "Giấy mời đã giao, chờ công dân trả lời" not in _lines(clerk)
