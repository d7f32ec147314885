"""The home page is a work queue per role: each line a count of the rows its link opens."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.models import CalendarDay, Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, agency, unit

pytestmark = pytest.mark.django_db
HOME = reverse("admin:index")


def queue(client):
    """{line title: (count, url)} of the home page."""
    html = client.get(HOME).content.decode()
    lines = re.findall(
        r'data-queue-line="([^"]+)">\s*<a href="([^"]+)".*?data-count>(\d+)</span>', html, flags=re.S
    )
    return {title: (int(count), url.replace("&amp;", "&")) for title, url, count in lines}, html


def rows_behind(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def test_a_commune_clerk_sees_the_new_reception_button_drafts_with_reasons_and_returned_cases(client):
    CaseFactory()
    CaseFactory(applicant=False, title="Vụ chưa có công dân")
    CaseFactory(unit=unit(DAO_THANH))  # another commune's draft is not theirs
    returned = CaseFactory(state="submitted")
    case_workflow.perform(staff_user("ban_tcd"), returned.pk, "return", note="Thiếu đơn có chữ ký")
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    client.force_login(clerk)
    lines, html = queue(client)
    assert "data-queue-button" in html and "Tiếp công dân mới" in html
    assert lines["Hồ sơ nháp chưa gửi về tỉnh"][0] == 2
    assert "Vụ việc phải có ít nhất một công dân." in html  # why the draft cannot go yet
    assert lines["Vụ việc tỉnh trả lại"][0] == 1 and "Thiếu đơn có chữ ký" in html
    for count, url in lines.values():
        assert rows_behind(client, url) == count
    assert "Đang chờ tiếp nhận" not in html


def test_the_board_sees_cases_waiting_resubmitted_and_answer_deadlines(client):
    board = staff_user("ban_tcd")
    today = timezone.localdate()
    CaseFactory(state="submitted")
    again = CaseFactory(state="submitted")
    case_workflow.perform(board, again.pk, "return", note="Bổ sung")
    Case.objects.filter(pk=again.pk).update(state="submitted")
    CaseFactory(state="accepted", outcome_due=today - dt.timedelta(days=1))
    CaseFactory(state="accepted", outcome_due=today)
    CaseFactory(state="accepted", outcome_due=today - dt.timedelta(days=5), outcome_notified_on=today)
    client.force_login(board)
    lines, _html = queue(client)
    assert lines["Vụ việc chờ tiếp nhận"][0] == 2
    assert lines["Vụ việc xã gửi lại sau khi bị trả"][0] == 1
    assert lines["Trả lời công dân đến hạn trong 3 ngày làm việc"][0] == 1
    assert lines["Trả lời công dân quá hạn"][0] == 1
    for count, url in lines.values():
        assert rows_behind(client, url) == count


def test_an_agency_sees_only_its_assigned_cases(client):
    mine = CaseFactory(state="accepted", outcome_due=timezone.localdate() - dt.timedelta(days=2))
    mine.assigned_agencies.add(agency("so-tu-phap"))
    CaseFactory(state="accepted", outcome_due=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(staff_user("so_tu_phap"))
    lines, _html = queue(client)
    assert lines["Vụ việc giao cho cơ quan bạn"][0] == 1
    assert lines["Trả lời công dân quá hạn"][0] == 1
    for count, url in lines.values():
        assert rows_behind(client, url) == count


def test_the_administrator_sees_locked_accounts_and_years_without_holidays(client, settings):
    locked = User.objects.create_user("bi_khoa")
    for _ in range(settings.AXES_FAILURE_LIMIT):  # a lockout after failed logins (django-axes)
        client.post(reverse("admin:login"), {"username": locked.username, "password": "sai"})
    next_year = timezone.localdate().year + 1
    CalendarDay.objects.filter(date__year=next_year, kind="holiday").delete()
    client.force_login(staff_user("quan_tri"))
    lines, html = queue(client)
    assert lines["Tài khoản bị khóa"][0] == 1
    assert lines["Năm chưa nhập ngày nghỉ lễ"][0] >= 1 and str(next_year) in html


def test_a_reader_without_work_gets_a_plain_sentence(client):
    client.force_login(staff_user("bao_ptth"))
    lines, html = queue(client)
    assert lines == {} and "Không có việc nào đang chờ bạn" in html


def test_the_queue_costs_the_same_number_of_queries_whatever_the_data(client):
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    client.force_login(clerk)
    CaseFactory()
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for _ in range(8):
        CaseFactory(applicant=False)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)
