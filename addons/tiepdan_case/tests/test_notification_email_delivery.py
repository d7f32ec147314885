"""The worker sends queued emails through a real SMTP server on loopback, retries after a failure with
backoff, gives up after the last attempt, and never sends a message twice."""

import datetime as dt
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from addons.tiepdan_case import jobs
from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services.delivery import deliver_due
from addons.tiepdan_case.services.notifications import notify_address, notify_users
from addons.tiepdan_case.tests.factories import make_user
from addons.tiepdan_case.tests.loopback import smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.SITE_URL = "https://tiepcongdan.dongthap.gov.vn"
        settings.DEFAULT_FROM_EMAIL = "tiepcongdan@dongthap.gov.vn"
        yield server


def _subject(message):
    return str(make_header(decode_header(message["Subject"])))


def test_a_queued_email_arrives_with_its_subject_body_and_link(smtp):
    user = make_user("ban_tcd")
    user.email = "canbo@dongthap.gov.vn"
    user.save()
    notify_users(
        [user], subject="Lịch tiếp công dân tháng 12", body="Phiên ngày 15/12/2026.", link="/s/1/", key="k"
    )

    report = deliver_due()

    assert len(report.sent) == 1 and len(smtp.messages) == 1
    message = smtp.messages[0]
    assert smtp.envelopes[0].rcpt_tos == ["canbo@dongthap.gov.vn"]
    assert _subject(message) == "Lịch tiếp công dân tháng 12"
    text = message.get_payload(decode=True).decode(message.get_content_charset())
    assert "Phiên ngày 15/12/2026." in text and "https://tiepcongdan.dongthap.gov.vn/s/1/" in text
    row = Notification.objects.get(channel="email")
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    assert row.sent_at is not None and row.next_attempt_at is None


def test_a_sent_email_is_never_sent_again(smtp):
    notify_address("email", "vanthu@sotuphap.dongthap.gov.vn", subject="Mời", body="...", key="k")
    deliver_due()
    deliver_due(now=timezone.now() + dt.timedelta(days=1))
    notify_address("email", "vanthu@sotuphap.dongthap.gov.vn", subject="Mời", body="...", key="k")
    deliver_due(now=timezone.now() + dt.timedelta(days=2))
    assert len(smtp.messages) == 1


def test_a_failing_smtp_server_is_retried_with_backoff_and_the_email_arrives_once(smtp, settings):
    settings.NOTIFICATION_RETRY_SECONDS = 60
    notify_address("email", "vanthu@sotuphap.dongthap.gov.vn", subject="Mời họp", body="...", key="k")
    smtp.fail = True

    first = deliver_due()

    row = Notification.objects.get()
    assert first.retrying == [row.pk] and smtp.messages == []
    assert (row.status, row.attempts) == ("pending", 1)
    assert "451" in row.last_error
    wait = row.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(seconds=60)
    smtp.fail = False
    assert deliver_due().sent == []  # not due yet: the backoff holds
    assert deliver_due(now=timezone.now() + dt.timedelta(seconds=61)).sent == [row.pk]
    row.refresh_from_db()
    assert (row.status, row.attempts, len(smtp.messages)) == ("sent", 2, 1)


def test_the_wait_doubles_after_each_failure(smtp, settings):
    settings.NOTIFICATION_RETRY_SECONDS, settings.NOTIFICATION_RETRY_MAX_SECONDS = 60, 3600
    notify_address("email", "a@dongthap.gov.vn", subject="s", body="b", key="k")
    smtp.fail = True
    waits, now = [], timezone.now()
    for _attempt in range(3):
        deliver_due(now=now)
        row = Notification.objects.get()
        waits.append((row.next_attempt_at - now).total_seconds() / 60)
        now = row.next_attempt_at
    assert waits == [1, 2, 4]


def test_after_the_last_attempt_the_email_is_failed_and_kept_with_its_error(smtp, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    notify_address("email", "a@dongthap.gov.vn", subject="s", body="b", key="k")
    smtp.fail = True
    deliver_due()
    report = deliver_due(now=timezone.now() + dt.timedelta(days=1))
    row = Notification.objects.get()
    assert report.failed == [row.pk]
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 2, None)
    assert "451" in row.last_error
    smtp.fail = False
    deliver_due(now=timezone.now() + dt.timedelta(days=2))
    assert smtp.messages == []


def test_an_unreachable_smtp_server_is_an_error_to_retry_not_a_crash(settings):
    from addons.tiepdan_case.tests.loopback import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    notify_address("email", "a@dongthap.gov.vn", subject="s", body="b", key="k")
    report = deliver_due()
    row = Notification.objects.get()
    assert report.retrying == [row.pk]
    assert row.status == "pending" and "ConnectionRefusedError" in row.last_error


def test_in_app_notices_are_not_touched_by_the_worker(smtp):
    notify_users([make_user("ban_tcd")], subject="s", body="b", key="k")
    assert deliver_due().sent == []
    assert Notification.objects.get().attempts == 0


def test_the_worker_job_delivers_the_outbox(smtp):
    notify_address("email", "a@dongthap.gov.vn", subject="s", body="b", key="k")
    results = jobs.run_due_jobs(force=True)
    assert results["deliver_notifications"] is True
    assert len(smtp.messages) == 1
