"""The home work queue counts the refusal notices (Mẫu 01/TCD) still within their 3 working days and those
overdue (NĐ 154 art. 4.3), from the day of each case's refusal in its history."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.clock import clock_at
from addons.tiepdan_case.tests.factories import CaseFactory
from addons.tiepdan_case.tests.test_home_work_queue import queue

from .common import issue_url

pytestmark = pytest.mark.django_db
DUE = "Thông báo từ chối cần lập (Mẫu 01/TCD, trong 03 ngày làm việc)"
OVERDUE = "Thông báo từ chối quá hạn (Mẫu 01/TCD, đã quá 03 ngày làm việc kể từ khi từ chối)"


def refuse(board, days_ago=0, *, at=None):
    """A refusal recorded `days_ago` days ago (or `at` that moment): history rows are append-only, so the
    move itself happens while the clock reads that time."""
    case = CaseFactory(state="submitted")
    moment = at or timezone.now() - dt.timedelta(days=days_ago)
    with clock_at(moment):
        case_workflow.perform(
            board, case.pk, "reject", note="Đã được giải quyết đúng pháp luật", refusal_ground="luat_9_3"
        )
    assert AuditEvent.objects.get(object_id=case.pk, action="reject").at == moment
    return case


def test_the_board_sees_the_refusal_notices_due_and_overdue(client):
    board = staff_user("ban_tcd")
    refuse(board)
    refuse(board, days_ago=10)
    issued = refuse(board, days_ago=10)
    client.force_login(board)
    assert client.post(issue_url("tu_choi", issued), {"signer_name": "Phạm Minh Tuấn"}).status_code == 302
    lines, _html = queue(client)
    assert lines[DUE][0] == 1
    assert lines[OVERDUE][0] == 1


def test_a_refusal_three_working_days_ago_is_still_due_today():
    from addons.tiepdan_case.services.calendar import add_working_days
    from addons.tiepdan_report.services.pending import refusal_notice_counts

    board = staff_user("ban_tcd")
    today = timezone.localdate()
    # One refusal three working days ago (still due), then a second one four working days ago (overdue).
    for working_days, expected in ((3, {"due": 1, "overdue": 0}), (4, {"due": 1, "overdue": 1})):
        refused_on = add_working_days(today, -working_days)
        refuse(board, at=timezone.make_aware(dt.datetime.combine(refused_on, dt.time(16, 0))))
        assert refusal_notice_counts(board, today) == expected
