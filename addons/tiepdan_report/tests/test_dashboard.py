"""The managers' figures on the admin home and at GET /api/v1/dashboard/: through visible_to, grouped
queries (the number of queries pinned whatever the data), each figure a link to the filtered list."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory, make_user, unit
from addons.tiepdan_report.services.dashboard import figures_for

from .common import reception


@pytest.fixture
def data(db):
    today = timezone.localdate()
    CaseFactory(case_type="to_cao", state="accepted", received_date=today)
    CaseFactory(state="accepted", received_date=today)
    CaseFactory(state="submitted", unit=unit("28249"), received_date=today)
    chairman_case = CaseFactory(state="received", received_date=today - dt.timedelta(days=70))
    reception(chairman_case, today - dt.timedelta(days=60), agency="ubnd-tinh", kind="dinh_ky", by_head=True)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/v1/dashboard/")


def test_the_leaders_figures_count_by_type_state_commune_and_month(data):
    body = _api(make_user("lanh_dao")).json()
    by_type = {f["code"]: f["value"] for f in body["cases_by_type"]}
    assert by_type == {"khieu_nai": 3, "to_cao": 1, "kien_nghi": 0, "phan_anh": 0}
    assert body["waiting_for_session"]["value"] == 2
    assert body["waiting_for_session"]["url"] == "/tiepdan_case/case/?state__exact=accepted"
    assert {f["label"]: f["value"] for f in body["cases_by_commune"]} == {
        "Phường Mỹ Tho": 3,
        "Phường Đạo Thạnh": 1,
    }
    months = body["received_per_month"]
    assert len(months) == 12 and months[-1]["value"] == 3
    assert months[-1]["url"].startswith("/tiepdan_case/case/?received_date__year=")
    held = (timezone.localdate() - dt.timedelta(days=60)).strftime("%m/%Y")
    missing = [m["month"] for m in body["months_without_periodic_session"]]
    assert held not in missing and len(missing) == 10


def test_a_commune_sees_only_its_own_cases_and_no_province_figures(data):
    body = _api(make_user("ubnd_xa", commune="28249")).json()
    assert sum(f["value"] for f in body["cases_by_type"]) == 1
    assert "cases_by_commune" not in body and "months_without_periodic_session" not in body


def test_a_role_without_a_dashboard_gets_403(data):
    # cong_an now has its agency's directive figures (test_dashboard_directives.py); the press has nothing
    assert _api(make_user("bao_ptth")).status_code == 403


def test_each_figure_links_to_a_list_that_shows_the_same_number(client, data):
    user = staff_user("lanh_dao")
    client.force_login(user)
    for figure in figures_for(user)["cases_by_type"]:
        page = client.get(figure["url"])
        assert page.status_code == 200
        assert page.context["cl"].result_count == figure["value"], figure


def test_the_number_of_queries_does_not_grow_with_the_data(data, django_assert_num_queries):
    user = make_user("lanh_dao")
    figures_for(user)  # warm the role cache
    # four case queries (types and states grouped together, months, communes, the chairman's periodic
    # receptions), three session queries (by state, upcoming, heard items; test_dashboard_sessions), four
    # directive queries (totals, by lead, next deadlines, done; test_dashboard_directives)
    with django_assert_num_queries(11):
        figures_for(user)
    for _ in range(5):
        CaseFactory(unit=unit("28249"), state="closed")
    with django_assert_num_queries(11):
        figures_for(user)


def test_the_home_page_shows_the_figures_with_the_chart(client, data):
    client.force_login(staff_user("chu_tich"))
    page = client.get("/").content.decode()
    assert 'id="dashboard"' in page and 'data-type="bar"' in page
    assert "Vụ việc chờ phiên tiếp" in page
    client.force_login(staff_user("so_khcn"))
    assert 'id="dashboard"' not in client.get("/").content.decode()
