"""A deleted case (soft delete, issue 12) leaves the dashboard figures and the register export: both read
through visible_to, so the deletion needs no filter of their own."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_case.services.deletion import soft_delete
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory, make_user

from . import xlsx_tools
from .common import reception


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_deleted_case_is_neither_counted_on_the_dashboard_nor_in_the_register(db):
    today = timezone.localdate()
    kept = CaseFactory(state="submitted", received_date=today)
    deleted = CaseFactory(
        state="submitted", received_date=today, applicant=CitizenFactory(full_name="Nhập Trùng Lần Hai")
    )
    reception(kept, dt.date(2026, 10, 5))
    reception(deleted, dt.date(2026, 10, 6))
    soft_delete(deleted, reason="Nhập trùng.", actor=make_user("ban_tcd"))

    leader = make_user("lanh_dao")
    by_type = {
        f["code"]: f["value"] for f in _client(leader).get("/api/v1/dashboard/").json()["cases_by_type"]
    }
    assert by_type["khieu_nai"] == 1

    response = _client(make_user("ban_tcd")).get(
        "/api/v1/reports/so-tiep-cong-dan/", {"from": "01/10/2026", "to": "31/12/2026"}
    )
    sheet = xlsx_tools.open_values(xlsx_tools.body(response))
    rows = [xlsx_tools.row_values(sheet, r) for r in range(6, sheet.max_row + 1)]
    assert len(rows) == 1
    assert not any("Nhập Trùng Lần Hai" in str(value) for row in rows for value in row)
