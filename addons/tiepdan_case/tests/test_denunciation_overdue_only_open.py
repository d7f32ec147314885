"""“Initial processing of a denunciation overdue” counts only denunciations still awaiting it (Luật Tố cáo
art. 24): a withdrawn, rejected or closed denunciation, one whose initial processing is recorded and one
already forwarded to the competent body are not late. The case list's `?overdue=processing`, the API's
filter and the home queue's line and count are the same query (`deadlines.overdue_q`)."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for, ids
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory
from addons.tiepdan_case.tests.test_home_work_queue import queue, rows_behind

pytestmark = pytest.mark.django_db
PROCESSING_LATE = "Tố cáo: quá hạn xử lý ban đầu"
FORWARDING_LATE = "Tố cáo: quá hạn chuyển đơn"


def _denunciation(**fields):
    case = CaseFactory(case_type="to_cao", state="accepted", applicant=CitizenFactory())
    Case.objects.filter(pk=case.pk).update(**fields)
    return case


@pytest.fixture
def late():
    today = timezone.localdate()
    past = today - dt.timedelta(days=3)
    waiting = _denunciation(processing_due=past)
    for state in ("withdrawn", "rejected", "closed"):
        _denunciation(processing_due=past, forwarding_due=past, state=state)
    _denunciation(processing_due=past, processing_done_on=today - dt.timedelta(days=4))
    _denunciation(processing_due=past, forwarding_due=past, forwarded_on=today)  # forwarded: processed
    not_forwarded = _denunciation(processing_due=past, processing_done_on=past, forwarding_due=past)
    return waiting, not_forwarded


def _listed(client, params):
    return {c.pk for c in client.get(changelist("case"), params).context["cl"].result_list}


def test_the_case_list_counts_only_denunciations_still_awaiting_initial_processing(client, late):
    waiting, not_forwarded = late
    client.force_login(staff_user("ban_tcd"))
    assert _listed(client, {"overdue": "processing"}) == {waiting.pk}
    assert _listed(client, {"overdue": "forwarding"}) == {not_forwarded.pk}


def test_the_api_filter_counts_the_same_denunciations(late, board_user):
    waiting, not_forwarded = late
    client = client_for(board_user)
    assert ids(client.get(f"{API}/cases/?overdue=processing")) == {waiting.pk}
    assert ids(client.get(f"{API}/cases/?overdue=forwarding")) == {not_forwarded.pk}


def test_the_home_queue_line_counts_the_same_rows_as_the_list_filter(client, late):
    client.force_login(staff_user("ban_tcd"))
    lines, _html = queue(client)
    assert lines[PROCESSING_LATE][0] == 1 == len(_listed(client, {"overdue": "processing"}))
    assert lines[FORWARDING_LATE][0] == 1 == len(_listed(client, {"overdue": "forwarding"}))
    assert rows_behind(client, lines[PROCESSING_LATE][1]) == 1
