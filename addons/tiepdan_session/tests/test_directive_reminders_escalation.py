"""Reminders and escalation, run by the worker's `directive_deadlines` job (jobs.py): the lead is reminded
`DIRECTIVE_REMINDER_WORKING_DAYS` working days before the deadline and on the day; a directive more than
`DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS` working days overdue is raised to the chair once, through the
outbox, with no case content in the message."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from addons.tiepdan_case import jobs
from addons.tiepdan_case.models import CalendarDay, Notification
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.factories import make_user

from ..models import Directive
from .common import accepted_case
from .directive_common import api, issued_directive, report_done

pytestmark = pytest.mark.django_db


def _job():
    autodiscover_modules("jobs")  # what `manage.py run_worker` does
    return {j.name: j for j in jobs.registered_jobs()}["directive_deadlines"]


def run_job():
    _job().func()


def _due(directive, day):
    Directive.objects.filter(pk=directive.pk).update(deadline=day)
    directive.refresh_from_db()
    return directive


@pytest.fixture
def lead():
    return make_user("so_nganh")


def _notices(user, fragment):
    return Notification.objects.filter(user=user, channel="in_app", dedupe_key__contains=fragment)


def test_the_worker_runs_the_directive_deadlines_job_every_hour():
    assert _job().every_seconds == 3600


def test_the_lead_is_reminded_before_the_deadline_once(settings, lead):
    settings.DIRECTIVE_REMINDER_WORKING_DAYS = 2
    directive = _due(issued_directive(), add_working_days(timezone.localdate(), 2))
    run_job()
    run_job()
    notices = _notices(lead, f"directive:{directive.pk}:due-soon")
    assert notices.count() == 1
    assert directive.deadline.strftime("%d/%m/%Y") in notices.get().body


def test_the_lead_is_reminded_on_the_day(lead):
    directive = _due(issued_directive(), timezone.localdate())
    run_job()
    assert _notices(lead, f"directive:{directive.pk}:due-today").count() == 1


def test_no_reminder_far_from_the_deadline_nor_once_reported(client, settings, lead):
    settings.DIRECTIVE_REMINDER_WORKING_DAYS = 2
    far = _due(issued_directive(), add_working_days(timezone.localdate(), 6))
    reported = issued_directive()
    assert report_done(api(client, lead), reported).status_code == 200
    _due(reported, timezone.localdate())
    run_job()
    assert not _notices(lead, f"directive:{far.pk}:due").exists()
    assert not _notices(lead, f"directive:{reported.pk}:due").exists()


def test_an_overdue_directive_past_the_grace_period_is_raised_to_the_chair_once(settings):
    settings.DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS = 3
    chair = make_user("chu_tich")
    case = accepted_case(case_type="to_cao", title="Tố cáo ông Lê Văn Kín")
    directive = _due(issued_directive(case=case), add_working_days(timezone.localdate(), -4))
    run_job()
    run_job()
    notices = _notices(chair, f"directive:{directive.pk}:escalated")
    assert notices.count() == 1
    notice = notices.get()
    assert case.code in notice.body and "Kín" not in notice.subject + notice.body
    directive.refresh_from_db()
    assert directive.escalated_at is not None
    assert history_of(directive).filter(action="escalate").count() == 1


def test_an_overdue_directive_within_the_grace_period_is_not_raised(settings):
    settings.DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS = 3
    chair = make_user("chu_tich")
    directive = _due(issued_directive(), add_working_days(timezone.localdate(), -3))
    run_job()
    assert not _notices(chair, "escalated").exists()
    directive.refresh_from_db()
    assert directive.escalated_at is None


def test_the_grace_period_counts_working_days_so_holidays_delay_the_escalation(settings):
    settings.DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS = 3
    chair = make_user("chu_tich")
    today = timezone.localdate()
    deadline = today - dt.timedelta(days=7)
    # every day after the deadline but the last two is a holiday: only two working days late
    for n in range(1, 6):
        CalendarDay.objects.update_or_create(
            date=deadline + dt.timedelta(days=n), defaults={"kind": "holiday", "name": "Tết thử"}
        )
    directive = _due(issued_directive(), deadline)
    run_job()
    assert not _notices(chair, f"directive:{directive.pk}:escalated").exists()
    settings.DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS = 0
    run_job()
    late_days = [today - dt.timedelta(days=1), today]
    if any(day.weekday() < 5 for day in late_days):
        assert _notices(chair, f"directive:{directive.pk}:escalated").exists()
