"""Issuing the drafted directives at `conclude` (TEAM.md interface 1): the deadline fixed on the
working-day calendar (holidays skipped), the lead and supporting agencies notified through the outbox
without any case content, each case moved to `following_up` through the case workflow."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import CalendarDay, Case, Notification
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.errors import Conflict, NotAllowed
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO, agency, make_user, unit

from ..models import Directive
from ..services import directives
from .common import accepted_case, people
from .directive_common import draft, item_of, running_session

pytestmark = pytest.mark.django_db


def test_issuing_fixes_the_deadline_in_working_days_skipping_weekends_and_holidays():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    today = timezone.localdate()
    holidays = {today + dt.timedelta(days=n) for n in (1, 2, 3)}
    for day in holidays:
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": "holiday", "name": "Nghỉ lễ thử"})
    directive = draft(p["board"], item_of(session, case), working_days=5)
    directives.issue_directives(session, actor=p["board"])
    directive.refresh_from_db()
    expected, left = today, 5
    while left:
        expected += dt.timedelta(days=1)
        if expected.weekday() < 5 and expected not in holidays:
            left -= 1
    assert directive.deadline == expected
    assert directive.issued_at is not None
    assert history_of(directive).filter(action="issue").exists()


def test_a_date_given_at_the_console_is_kept():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    day = timezone.localdate() + dt.timedelta(days=30)
    directive = draft(p["board"], item_of(session, case), deadline=day, working_days=None)
    directives.issue_directives(session, actor=p["board"])
    directive.refresh_from_db()
    assert directive.deadline == day


def test_issuing_moves_each_case_to_following_up_once():
    p = people()
    first, second = accepted_case(), accepted_case()
    session = running_session(p, [first, second])
    draft(p["board"], item_of(session, first))
    draft(p["board"], item_of(session, first), lead="so-xay-dung")
    issued = directives.issue_directives(session, actor=p["board"])
    assert len(issued) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "following_up"
    assert second.state == "received"  # heard, no directive: closes once its answer is recorded
    assert history_of(first).filter(action="follow_up").count() == 1


def test_the_lead_and_supporting_agencies_are_notified_without_case_content():
    p = people()
    case = accepted_case(case_type="to_cao", title="Tố cáo ông Trần Văn Bí Mật")
    session = running_session(p, [case])
    lead_user = make_user("so_nganh")  # Sở NN&MT
    support_user = make_user("so_nganh", agency_code="so-tai-chinh")
    bystander = make_user("so_nganh", agency_code="so-y-te")
    draft(p["board"], item_of(session, case), supporting_agencies=[agency("so-tai-chinh")])
    directives.issue_directives(session, actor=p["board"])
    lead_notice = Notification.objects.get(user=lead_user, channel="in_app")
    assert case.code in lead_notice.body and session.code in lead_notice.body
    assert Notification.objects.filter(user=support_user).exists()
    assert not Notification.objects.filter(user=bystander).exists()
    for notice in Notification.objects.all():
        assert "Bí Mật" not in notice.subject + notice.body
        assert "bồi thường" not in notice.body  # not the instruction either


def test_a_commune_lead_is_notified_through_its_users():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    clerk = make_user("ubnd_xa", commune=MY_THO)
    draft(p["board"], item_of(session, case), lead_unit=unit(MY_THO))
    directives.issue_directives(session, actor=p["board"])
    assert Notification.objects.filter(user=clerk, channel="in_app").exists()


def test_issuing_twice_notifies_once_and_issues_nothing_new():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    lead_user = make_user("so_nganh")
    draft(p["board"], item_of(session, case))
    directives.issue_directives(session, actor=p["board"])
    assert directives.issue_directives(session, actor=p["board"]) == []
    assert Notification.objects.filter(user=lead_user, channel="in_app").count() == 1


def test_a_directive_on_a_case_not_heard_is_refused_at_issue():
    p = people()
    heard, absent = accepted_case(), accepted_case()
    session = running_session(p, [heard, absent])
    Case.objects.filter(pk=absent.pk).update(state="accepted")  # the item ended absent
    draft(p["board"], item_of(session, absent))
    with pytest.raises(Conflict) as error:
        directives.issue_directives(session, actor=p["board"])
    assert absent.code in str(error.value)
    assert not Directive.objects.filter(issued_at__isnull=False).exists()


def test_only_the_board_issues_directives():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    draft(p["board"], item_of(session, case))
    with pytest.raises(NotAllowed):
        directives.issue_directives(session, actor=staff_user("so_nganh"))


def test_an_issued_directive_is_seen_by_its_lead_agency_and_the_case_behind_it():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    lead_user = make_user("so_nganh")
    other = make_user("so_nganh", agency_code="so-y-te")
    directive = draft(p["board"], item_of(session, case))
    assert not Case.objects.visible_to(lead_user).filter(pk=case.pk).exists()
    directives.issue_directives(session, actor=p["board"])
    assert Directive.objects.visible_to(lead_user).filter(pk=directive.pk).exists()
    assert Case.objects.visible_to(lead_user).filter(pk=case.pk).exists()
    assert not Directive.objects.visible_to(other).exists()
    assert not Case.objects.visible_to(other).filter(pk=case.pk).exists()
