"""Migration 0005: rows made before the refusal notice lived on the case get it — a kept notice is recorded on
its case (the current one, not one it replaced), and a refused case without a due date gets the 3 working
days after its `reject` in the history (its last change when it has none), the calendar's holidays
skipped."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from addons.tiepdan_case.models import CalendarDay, Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_report.services.documents import issue_document

from .common import refused_case

pytestmark = pytest.mark.django_db
migration = importlib.import_module("addons.tiepdan_report.migrations.0005_refusal_notices_on_the_case")


def test_a_kept_notice_is_recorded_on_its_case_with_the_current_number():
    board = staff_user("ban_tcd")
    case = refused_case()
    old = issue_document(board, "tu_choi", case)
    issue_document(board, "tu_choi", case, replaces=old)
    Case.objects.filter(pk=case.pk).update(refusal_notice_number="", refusal_notice_date=None)  # as before
    migration.forwards(apps, None)
    case.refresh_from_db()
    assert (case.refusal_notice_number, case.refusal_notice_date) == ("02/TB-BTCD", timezone.localdate())
    assert IssuedDocument.objects.filter(case=case).count() == 2


def test_a_refused_case_without_a_due_date_gets_three_working_days_after_its_refusal():
    board = staff_user("ban_tcd")
    today = timezone.localdate()
    CalendarDay.objects.update_or_create(
        date=today + dt.timedelta(days=1), defaults={"kind": "holiday", "name": "Nghỉ"}
    )
    case = CaseFactory(state="submitted")
    case_workflow.perform(board, case.pk, "reject", note="Đã trả lời", refusal_ground="luat_9_3")
    expected = add_working_days(today, 3)
    Case.objects.filter(pk=case.pk).update(refusal_notice_due=None)  # as refused before the due date existed
    migration.forwards(apps, None)
    assert Case.objects.get(pk=case.pk).refusal_notice_due == expected


def test_without_a_refusal_in_its_history_the_last_change_counts():
    friday = dt.date(2026, 10, 30)
    CalendarDay.objects.update_or_create(
        date=dt.date(2026, 11, 2), defaults={"kind": "holiday", "name": "Nghỉ"}
    )
    case = refused_case()
    Case.objects.filter(pk=case.pk).update(
        updated_at=timezone.make_aware(dt.datetime.combine(friday, dt.time(16, 0)))
    )
    untouched = refused_case(ground="luat_9_1")  # a ground the officer explains in person: no notice due
    migration.forwards(apps, None)
    # Monday 02/11 is a holiday: Tuesday, Wednesday, Thursday.
    assert Case.objects.get(pk=case.pk).refusal_notice_due == dt.date(2026, 11, 5)
    assert Case.objects.get(pk=untouched.pk).refusal_notice_due is None
