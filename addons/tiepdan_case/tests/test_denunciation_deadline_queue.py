"""The home work queue shows a denunciation's statutory steps (Luật Tố cáo art. 24): initial processing due
within 3 working days, initial processing overdue, forwarding overdue — each a count of the rows its link
opens, with no denunciation named."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory
from addons.tiepdan_case.tests.test_home_work_queue import queue, rows_behind

pytestmark = pytest.mark.django_db
DUE_SOON = "Tố cáo: xử lý ban đầu đến hạn trong 3 ngày làm việc"
PROCESSING_LATE = "Tố cáo: quá hạn xử lý ban đầu"
FORWARDING_LATE = "Tố cáo: quá hạn chuyển đơn"


def _denunciation(**fields):
    case = CaseFactory(
        case_type="to_cao", state="accepted", title="Ông Lê Văn Tố tố cáo cán bộ", applicant=CitizenFactory()
    )
    Case.objects.filter(pk=case.pk).update(**fields)
    return case


@pytest.fixture
def steps():
    today = timezone.localdate()
    late, soon = today - dt.timedelta(days=2), add_working_days(today, 2)
    _denunciation(processing_due=soon)
    _denunciation(processing_due=late)
    _denunciation(processing_due=late, processing_done_on=today)  # done: not late
    _denunciation(processing_due=late, state="withdrawn")  # withdrawn: nothing left to do
    _denunciation(processing_due=soon, forwarding_due=late)
    _denunciation(processing_due=soon, forwarding_due=late, forwarded_on=today)  # forwarded: processed
    CaseFactory(state="accepted", processing_due=late)  # not a denunciation (the service never sets it)


@pytest.mark.parametrize("role", ["ban_tcd", "thanh_tra"])
def test_the_queue_counts_the_denunciations_steps_due_and_overdue_and_each_link_opens_its_rows(
    client, steps, role
):
    client.force_login(staff_user(role))
    lines, html = queue(client)
    assert lines[DUE_SOON][0] == 2  # the forwarded one left this body: its initial processing ended
    assert lines[PROCESSING_LATE][0] == 1
    assert lines[FORWARDING_LATE][0] == 1
    for title in (DUE_SOON, PROCESSING_LATE, FORWARDING_LATE):
        count, url = lines[title]
        assert rows_behind(client, url) == count
    assert "Lê Văn Tố" not in html


def test_a_commune_clerk_has_no_denunciation_deadline_lines(client, steps):
    client.force_login(staff_user("ubnd_xa", commune="28261"))
    lines, _html = queue(client)
    assert PROCESSING_LATE not in lines and FORWARDING_LATE not in lines
