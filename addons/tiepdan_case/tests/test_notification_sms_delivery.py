"""SMS through the pluggable gateway: the file backend by default, the HTTP gateway (URL, credentials,
template from settings) against a real HTTP server on loopback, with failures retried and nothing sent twice."""

import base64
import datetime as dt
import json

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services.delivery import deliver_due
from addons.tiepdan_case.services.notifications import notify_address
from addons.tiepdan_case.tests.loopback import free_port, http_server

pytestmark = pytest.mark.django_db


def _queue_sms(key="k", phone="0912345678"):
    return notify_address("sms", phone, subject="Giấy mời", body="Mời ông đến UBND phường lúc 8 giờ", key=key)


def test_by_default_an_sms_is_written_to_the_file_backend(settings, tmp_path):
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "file", str(tmp_path / "sms" / "outbox.jsonl")
    row = _queue_sms()
    assert deliver_due().sent == [row.pk]
    lines = (tmp_path / "sms" / "outbox.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"to": "+84912345678", "text": "Mời ông đến UBND phường lúc 8 giờ", "ref": f"notification-{row.pk}"}
    ]
    deliver_due(now=timezone.now() + dt.timedelta(days=1))
    assert len((tmp_path / "sms" / "outbox.jsonl").read_text().splitlines()) == 1


@pytest.fixture
def gateway(settings):
    with http_server() as server:
        settings.SMS_BACKEND = "http"
        settings.SMS_GATEWAY_URL = server.url
        settings.SMS_GATEWAY_USERNAME, settings.SMS_GATEWAY_PASSWORD = "dongthap", "bí-mật"
        settings.SMS_GATEWAY_TEMPLATE = json.dumps(
            {
                "brandname": "UBND DONGTHAP",
                "messages": [{"phone": "{to}", "content": "{text}", "id": "{ref}"}],
            }
        )
        yield server


def test_the_http_gateway_gets_the_template_filled_in_with_the_credentials(gateway):
    row = _queue_sms()
    assert deliver_due().sent == [row.pk]
    [request] = gateway.requests
    assert request["path"] == "/sms/send"
    assert request["json"] == {
        "brandname": "UBND DONGTHAP",
        "messages": [
            {
                "phone": "+84912345678",
                "content": "Mời ông đến UBND phường lúc 8 giờ",
                "id": f"notification-{row.pk}",
            }
        ],
    }
    expected = "Basic " + base64.b64encode("dongthap:bí-mật".encode()).decode()
    assert request["headers"]["Authorization"] == expected


def test_a_text_with_quotes_cannot_break_the_gateway_json(gateway):
    notify_address("sms", "0912345678", subject="s", body='Mời "ông" đến\n{to}', key="k")
    deliver_due()
    assert gateway.requests[0]["json"]["messages"][0]["content"] == 'Mời "ông" đến\n{to}'


def test_a_failing_gateway_is_retried_later_and_the_sms_goes_out_once(gateway):
    row = _queue_sms()
    gateway.status = 503
    assert deliver_due().retrying == [row.pk]
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "HTTP 503" in row.last_error
    assert "0912345678" not in row.last_error and "+84912345678" not in row.last_error
    gateway.status = 200
    assert deliver_due().sent == []  # still waiting out the backoff
    assert deliver_due(now=timezone.now() + dt.timedelta(hours=1)).sent == [row.pk]
    deliver_due(now=timezone.now() + dt.timedelta(hours=2))
    assert len(gateway.requests) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert "HTTP 503" in row.last_error  # the failure stays on record next to the success


def test_an_unreachable_gateway_is_recorded_and_retried(settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/sms"
    row = _queue_sms()
    assert deliver_due().retrying == [row.pk]
    row.refresh_from_db()
    assert "unreachable" in row.last_error and row.status == "pending"


def test_the_gateway_failing_every_time_leaves_the_sms_failed(gateway, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    row = _queue_sms()
    gateway.status = 500
    now = timezone.now()
    for _attempt in range(3):
        deliver_due(now=now)
        now += dt.timedelta(days=1)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 3)
    gateway.status = 200
    deliver_due(now=now)
    assert gateway.requests == [] and Notification.objects.get().status == "failed"
