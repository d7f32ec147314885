"""The home page (work queue and figures) and GET /api/v1/dashboard/ cost a fixed number of queries per
role, whatever the number of cases, returned cases, drafts and communes (issue 13: counts are grouped
queries, the province's counts the tally PostgreSQL keeps, no query per row)."""

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, unit

from .sessions import announced_session_with_cases

pytestmark = pytest.mark.django_db
HOME = reverse("admin:index")
# role → (queries of the home page, of the API dashboard or None when the role has none)
PINNED = {
    "lanh_dao": (28, 18),
    "chu_tich": (30, 18),
    "vp_ubnd": (35, 18),
    "ban_tcd": (35, 18),
    "thanh_tra": (30, 18),
    "ubnd_xa": (46, 20),
    "so_khcn": (22, 4),
    "cong_an": (22, 4),
    "quan_tri": (12, None),
    "bao_ptth": (9, None),
}


def _more_cases(board):
    for commune in (MY_THO, DAO_THANH, "28273"):
        for state in ("draft", "submitted", "accepted", "received", "closed", "rejected"):
            CaseFactory(unit=unit(commune), state=state)
        CaseFactory(unit=unit(commune), case_type="to_cao", state="received", applicant=False)
        returned = CaseFactory(unit=unit(commune), state="submitted")
        case_workflow.perform(board, returned.pk, "return", note="Thiếu đơn có chữ ký")


def _counted(role, user):
    web = _web_client(user)
    api = APIClient()
    api.force_authenticate(user)
    web.get(HOME)  # warm: the role cache, the templates
    reset_queries()  # the log keeps 9,000 queries: a full log would count nothing
    with CaptureQueriesContext(connection) as home:
        assert web.get(HOME).status_code == 200
    counted = len(home)  # now: the context reads the log when asked
    if PINNED[role][1] is None:
        return counted, None
    api.get("/api/v1/dashboard/")
    reset_queries()
    with CaptureQueriesContext(connection) as dashboard:
        assert api.get("/api/v1/dashboard/").status_code == 200
    return counted, len(dashboard)


def _web_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", list(PINNED))
def test_the_home_page_and_the_dashboard_cost_the_same_queries_whatever_the_data(role):
    p, _session, _cases = announced_session_with_cases()
    _more_cases(p["board"])
    user = staff_user(role, commune=MY_THO) if role == "ubnd_xa" else staff_user(role)
    few = _counted(role, user)
    for _ in range(3):
        _more_cases(p["board"])
    many = _counted(role, user)
    assert few == many == PINNED[role]
