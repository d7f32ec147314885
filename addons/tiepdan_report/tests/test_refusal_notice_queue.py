"""The home work queue counts the refusal notices (Mẫu 01/TCD) still within their 3 working days and those
overdue (NĐ 154 art. 4.3), from each case's own due date (`refusal_notice_due`, set by the refusal on the
working-day calendar) and its recorded notice — not from its history."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory
from addons.tiepdan_case.tests.test_home_work_queue import queue
from addons.tiepdan_report.services.pending import refusal_notice_counts

from .common import issue_url

pytestmark = pytest.mark.django_db
DUE = "Thông báo từ chối cần lập (Mẫu 01/TCD, trong 03 ngày làm việc)"
OVERDUE = "Thông báo từ chối quá hạn (Mẫu 01/TCD, đã quá 03 ngày làm việc kể từ khi từ chối)"


def refuse(board, working_days_ago=0):
    """A refusal through the workflow; an older one has the due date it would have had then."""
    case = CaseFactory(state="submitted")
    case_workflow.perform(
        board, case.pk, "reject", note="Đã được giải quyết đúng pháp luật", refusal_ground="luat_9_3"
    )
    if working_days_ago:
        refused_on = add_working_days(timezone.localdate(), -working_days_ago)
        Case.objects.filter(pk=case.pk).update(refusal_notice_due=add_working_days(refused_on, 3))
    return case


def test_the_board_sees_the_refusal_notices_due_and_overdue(client):
    board = staff_user("ban_tcd")
    refuse(board)
    refuse(board, working_days_ago=8)
    issued = refuse(board, working_days_ago=8)
    client.force_login(board)
    assert client.post(issue_url("tu_choi", issued), {"signer_name": "Phạm Minh Tuấn"}).status_code == 302
    lines, _html = queue(client)
    assert lines[DUE][0] == 1
    assert lines[OVERDUE][0] == 1


def test_a_refusal_three_working_days_ago_is_still_due_today():
    board = staff_user("ban_tcd")
    today = timezone.localdate()
    case = refuse(board)
    for working_days, expected in ((3, {"due": 1, "overdue": 0}), (4, {"due": 0, "overdue": 1})):
        refused_on = add_working_days(today, -working_days)
        Case.objects.filter(pk=case.pk).update(refusal_notice_due=add_working_days(refused_on, 3))
        assert refusal_notice_counts(board, today) == expected


def test_the_count_follows_the_cases_due_date():
    board = staff_user("ban_tcd")
    case = refuse(board)  # refused today: its history says today, whatever the due date says below
    assert refusal_notice_counts(board) == {"due": 1, "overdue": 0}
    Case.objects.filter(pk=case.pk).update(refusal_notice_due=timezone.localdate() - dt.timedelta(days=1))
    assert refusal_notice_counts(board) == {"due": 0, "overdue": 1}


def test_a_notice_recorded_by_hand_on_the_case_leaves_the_queue(client):
    board = staff_user("ban_tcd")
    case = refuse(board, working_days_ago=8)
    client.force_login(board)
    response = client.post(
        f"/tiepdan_case/case/{case.pk}/thong-bao-tu-choi/",
        {"number": "07/TB-BTCD", "issued_on": f"{timezone.localdate():%d/%m/%Y}"},
    )
    assert response.status_code == 302
    assert refusal_notice_counts(board) == {"due": 0, "overdue": 0}
    assert OVERDUE not in queue(client)[0]
