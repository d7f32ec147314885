"""One structured log line per request (time, level, request id, user id, route, status, duration) with
no names, phone numbers or query strings; the request id from X-Request-ID or generated, and carried to
the worker's lines for the messages that request queued."""

import json
import logging

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services.delivery import deliver_due
from addons.tiepdan_case.services.notifications import notify_address
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import CitizenFactory
from config.logging import JsonFormatter, PlainFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "tiepdan.request"]


def _as_json(record):
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_request_writes_one_json_line_with_ids_route_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="tiepdan.request")
    user = staff_user("ban_tcd")
    citizen = CitizenFactory(full_name="Trần Thị Bí Mật", phone="+84987654321")
    client.force_login(user)
    response = client.get(
        changelist("citizen") + "?q=Tr%E1%BA%A7n+Th%E1%BB%8B&phone=0987654321", HTTP_X_REQUEST_ID="lb-7f3a9c"
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-7f3a9c"
    [record] = _request_lines(caplog)
    line = _as_json(record)
    assert set(line) >= {"time", "level", "request_id", "user_id", "route", "status", "duration_ms", "method"}
    assert (line["request_id"], line["user_id"], line["status"], line["method"]) == (
        "lb-7f3a9c",
        user.pk,
        200,
        "GET",
    )
    assert line["route"] == "tiepdan_case/citizen/" and line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)
    text = json.dumps(line, ensure_ascii=False)
    for secret in ("Trần", "Bí Mật", "987654321", "q=", "phone="):
        assert secret not in text
    assert str(citizen.pk) not in line["route"]


def test_the_route_is_the_pattern_not_the_path_with_its_ids(client, caplog):
    caplog.set_level(logging.INFO, logger="tiepdan.request")
    user = staff_user("ban_tcd")
    citizen = CitizenFactory()
    client.force_login(user)
    client.get(reverse("admin:tiepdan_case_citizen_change", args=[citizen.pk]))
    [record] = _request_lines(caplog)
    assert record.route == "tiepdan_case/citizen/<path:object_id>/change/"


def test_a_missing_or_malformed_request_id_is_replaced_by_a_generated_one(caplog):
    caplog.set_level(logging.INFO, logger="tiepdan.request")
    api = client_for(None)
    first = api.get(f"{API}/", HTTP_X_REQUEST_ID="bad id with spaces\n{}")
    second = api.get(f"{API}/")
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(len(i) == 32 and i.isalnum() for i in ids) and ids[0] != ids[1]
    assert [r.request_id for r in _request_lines(caplog)] == ids
    assert [r.user_id for r in _request_lines(caplog)] == [None, None]


def test_an_api_request_logs_the_token_users_id(caplog):
    caplog.set_level(logging.INFO, logger="tiepdan.request")
    user = staff_user("ban_tcd")
    client_for(user).get(f"{API}/cases/")
    assert [r.user_id for r in _request_lines(caplog)] == [user.pk]


def test_the_worker_logs_a_delivery_under_the_id_of_the_request_that_caused_it(caplog, settings, tmp_path):
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "file", str(tmp_path / "sms.jsonl")
    board = staff_user("ban_tcd")
    row = notify_address("sms", "0912345678", subject="s", body="b", key="k")
    Notification.objects.filter(pk=row.pk).update(status="failed", next_attempt_at=None)
    response = client_for(board).post(
        f"{API}/notifications/{row.pk}/resend/", HTTP_X_REQUEST_ID="req-resend-1"
    )
    assert response.status_code == 200
    caplog.clear()
    caplog.set_level(logging.INFO, logger="tiepdan.notifications")
    deliver_due()
    [sent] = [r for r in caplog.records if r.name == "tiepdan.notifications" and "sent" in r.getMessage()]
    line = _as_json(sent)
    assert line["request_id"] == "req-resend-1" and line["notification_id"] == row.pk
    assert "912345678" not in json.dumps(line)


def test_plain_lines_for_development_are_readable():
    record = logging.LogRecord(
        "tiepdan.request", logging.INFO, __file__, 1, "GET %s %s", ("admin/", 200), None
    )
    record.request_id = "abc"
    text = PlainFormatter().format(record)
    assert "INFO" in text and "[abc]" in text and text.endswith("tiepdan.request: GET admin/ 200")
