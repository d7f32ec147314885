"""`conclude` (ban_tcd, `in_progress` → `concluded`) needs an outcome for every agenda item; in the same
transaction it issues one directive per instruction drafted at the console (services/directives.py,
TEAM.md interface 1) and the heard cases move on to `following_up`."""

import pytest

from addons.tiepdan_case.models import Agency, Case
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..models import Directive, ReceptionSession
from .common import accepted_case, check_in_all, console, people, running_session, transition, transition_url

pytestmark = pytest.mark.django_db


def _clerk(invitation):
    return staff_user("ubnd_xa", commune=invitation.agenda_item.case.unit.code)


@pytest.fixture
def session(db):
    p = people()
    s = running_session(p, cases=[accepted_case(MY_THO), accepted_case(DAO_THANH)])
    s.people = p
    s.first, s.second = s.agenda.order_by("order")
    return s


def _directive(client, session, item, instruction, agency="so-nn-mt", **extra):
    return console(
        client, session, "directive", item=item.pk, instruction=instruction,
        lead_agency=Agency.objects.get(code=agency).pk, working_days=10, **extra,
    )  # fmt: skip


def test_conclude_is_refused_while_an_item_has_no_outcome(client, session):
    client.force_login(session.people["board"])
    console(client, session, "outcome", item=session.second.pk, outcome="absent")
    response = transition(client, session, "conclude")
    assert response.status_code == 409 and "1" in response.json()["detail"]
    assert ReceptionSession.objects.get(pk=session.pk).state == "in_progress"


def test_conclude_issues_the_drafted_directives_and_the_heard_case_follows_up(client, session):
    check_in_all(_clerk, session, session.first)
    client.force_login(session.people["board"])
    assert console(client, session, "outcome", item=session.first.pk, outcome="heard").status_code == 200
    assert _directive(client, session, session.first, "Kiểm tra lại phương án bồi thường").status_code == 200
    assert (
        _directive(
            client, session, session.first, "Trả lời công dân bằng văn bản", agency="so-tu-phap"
        ).status_code
        == 200
    )
    assert console(client, session, "outcome", item=session.second.pk, outcome="absent").status_code == 200
    assert Directive.objects.filter(issued_at__isnull=True).count() == 2
    response = transition(client, session, "conclude")
    assert response.status_code == 200, response.json()
    session.refresh_from_db()
    assert session.state == "concluded" and session.concluded_at is not None
    assert Directive.objects.filter(session=session, issued_at__isnull=False).count() == 2
    assert all(d.deadline for d in Directive.objects.filter(session=session))
    assert Case.objects.get(pk=session.first.case_id).state == "following_up"
    assert Case.objects.get(pk=session.second.case_id).state == "accepted"
    assert not session.agenda.filter(is_open=True).exists()


def test_a_directive_on_an_absent_item_is_refused(client, session):
    client.force_login(session.people["board"])
    console(client, session, "outcome", item=session.second.pk, outcome="absent")
    assert _directive(client, session, session.second, "Không áp dụng").status_code == 409


def test_a_drafted_directive_can_be_deleted_before_conclude(client, session):
    client.force_login(session.people["board"])
    _directive(client, session, session.first, "Nhầm")
    directive = Directive.objects.get()
    response = console(client, session, "directive_delete", directive=directive.pk, reason="Ghi nhầm")
    assert response.status_code == 200
    # A soft delete (issue 12): off every screen, kept with who, when and why.
    assert not Directive.objects.visible_to(session.people["board"]).exists()
    assert Directive.objects.deleted().get().deletion_reason == "Ghi nhầm"


def test_a_directive_needs_a_lead_and_a_deadline(client, session):
    client.force_login(session.people["board"])
    response = console(client, session, "directive", item=session.first.pk, instruction="Xem xét")
    assert response.status_code == 400
    assert not Directive.objects.exists()


@pytest.mark.parametrize("role", ["chu_tich", "vp_ubnd"])
def test_only_the_board_concludes(client, session, role):
    client.force_login(session.people["board"])
    console(client, session, "outcome", item=session.first.pk, outcome="absent")
    console(client, session, "outcome", item=session.second.pk, outcome="absent")
    client.force_login(staff_user(role))
    assert transition(client, session, "conclude").status_code == 403
    assert ReceptionSession.objects.get(pk=session.pk).state == "in_progress"


def test_the_console_concludes_through_the_admin_button(client, session):
    client.force_login(session.people["board"])
    console(client, session, "outcome", item=session.first.pk, outcome="absent")
    console(client, session, "outcome", item=session.second.pk, outcome="absent")
    client.post(transition_url(session, "conclude"))
    assert ReceptionSession.objects.get(pk=session.pk).state == "concluded"
