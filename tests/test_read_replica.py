"""With DATABASE_REPLICA_URL set, dashboards, exports and statistics read from the replica; every other
read and every write goes to the primary. Runs on PostgreSQL with two databases (CI: the "Read replica" step)."""

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from addons.tiepdan_case.models import YearSequence
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from config.db_router import reading_from_replica

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.replica,
    pytest.mark.skipif(
        "replica" not in settings.DATABASES
        or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL and DATABASE_REPLICA_URL (a second database)",
    ),
    pytest.mark.django_db(databases=["default", "replica"]),
]


def _tables(context):
    return " ".join(query["sql"] for query in context.captured_queries)


def _get(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return _tables(primary), _tables(replica)


def test_the_readiness_board_reads_its_rows_from_the_replica_and_the_login_from_the_primary(client):
    client.force_login(staff_user("ban_tcd"))
    primary, replica = _get(client, reverse("tiepdan_bridge:board"))
    # The board's reads (the working-day calendar, the user's roles and sites) go to the replica...
    assert "tiepdan_case_calendarday" in replica and "auth_group" in replica
    assert "tiepdan_case_calendarday" not in primary and "tiepdan_bridge_bridgesite" not in primary
    # ...while the session and the signed-in user, read before the view, stay on the primary.
    assert "django_session" in primary and "django_session" not in replica


def test_an_ordinary_screen_reads_only_from_the_primary(client):
    client.force_login(staff_user("ban_tcd"))
    primary, replica = _get(client, changelist("case"))
    assert "tiepdan_case_case" in primary
    assert replica == ""


def test_rows_the_replica_holds_are_what_a_dashboard_query_sees():
    YearSequence.objects.using("replica").create(series="replica-only", year=2026, last_value=7)
    YearSequence.objects.create(series="primary-only", year=2026, last_value=1)
    with reading_from_replica():
        seen = set(YearSequence.objects.values_list("series", flat=True))
    assert "replica-only" in seen and "primary-only" not in seen
    assert set(YearSequence.objects.values_list("series", flat=True)) >= {"primary-only"}


def test_a_write_inside_a_replica_read_still_goes_to_the_primary():
    with reading_from_replica():
        YearSequence.objects.create(series="written", year=2026)
    assert YearSequence.objects.using("default").filter(series="written").exists()
    assert not YearSequence.objects.using("replica").filter(series="written").exists()


def test_the_register_statistics_and_dashboard_read_from_the_replica():
    from django.contrib.auth import get_user_model

    from addons.tiepdan_case.tests.api_support import client_for

    # A superuser: its permission checks need no query, so the test shows where the export's rows come from.
    api = client_for(get_user_model().objects.create_superuser("xuat_bao_cao", password="Test@12345678"))
    for url, params, table in [
        (
            "/api/v1/reports/so-tiep-cong-dan/",
            {"from": "01/10/2026", "to": "31/12/2026"},
            "tiepdan_case_reception",
        ),
        ("/api/v1/reports/bieu-01-tcd/", {"period": "q4", "year": "2026"}, "tiepdan_case_"),
        ("/api/v1/dashboard/", {}, "tiepdan_case_case"),
    ]:
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            response = api.get(url, params)
        assert response.status_code == 200, (url, response.content[:300])
        assert table in _tables(replica), url
        assert "tiepdan_case_reception" not in _tables(primary), url
        assert "tiepdan_case_case" not in _tables(primary), url


def test_the_admin_home_dashboard_reads_its_figures_from_the_replica(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("lanh_dao_sieu", password="Test@12345678"))
    primary, replica = _get(client, "/")
    # The dashboard's grouped counts come from the trigger-kept tally (report 0006), its medians from the cases.
    tally = '"tiepdan_report_casetally"'
    assert tally in replica and tally not in primary
    assert "tiepdan_case_reception" in replica and "tiepdan_case_reception" not in primary
    # The kept medians (report services/stored_figures.py): looked up on the replica, written on the primary.
    kept = '"tiepdan_report_storedfigure"'
    assert f"FROM {kept}" in replica and f"FROM {kept}" not in primary
    assert f"INSERT INTO {kept}" in primary and f"INSERT INTO {kept}" not in replica
