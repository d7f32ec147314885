"""The board (ban_tcd) sees every message of the outbox with its delivery status and error, and resends a
failed one; nobody else reaches that screen or the resend."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import AuditEvent, Notification
from addons.tiepdan_case.services.notifications import notify_address, notify_users
from addons.tiepdan_case.tests.admin_helpers import change, changelist, rows, staff_user

pytestmark = pytest.mark.django_db

OUTBOX = "notification"


def _failed_email():
    row = notify_address("email", "vanthu@sotuphap.dongthap.gov.vn", subject="Mời họp", body="...", key="f")
    Notification.objects.filter(pk=row.pk).update(
        status="failed", attempts=8, next_attempt_at=None, last_error="SMTPDataError: (451, b'Try again')"
    )
    return row


def test_the_board_sees_every_channel_and_recipient_with_its_status_and_error(client):
    board = staff_user("ban_tcd")
    notify_users([staff_user("ubnd_xa")], subject="Cho xã", body="...", key="a")
    notify_address("sms", "0912345678", subject="Giấy mời", body="...", key="b")
    failed = _failed_email()
    client.force_login(board)
    listing = client.get(changelist(OUTBOX))
    assert listing.status_code == 200
    assert {n.channel for n in rows(listing)} == {"in_app", "sms", "email"}
    html = listing.content.decode()
    assert "Gửi lỗi" in html and "Chờ gửi" in html and "+84912345678" in html
    detail = client.get(change(OUTBOX, failed.pk)).content.decode()
    assert "SMTPDataError" in detail


def test_the_board_resends_a_failed_message_and_it_is_queued_again_with_a_history_row(client):
    board = staff_user("ban_tcd")
    failed = _failed_email()
    client.force_login(board)
    url = reverse("admin:tiepdan_case_notification_resend_one", args=[failed.pk])
    asked = client.get(url)  # the detail button is a link: a GET only asks, with a POST form
    assert asked.status_code == 200 and 'method="post"' in asked.content.decode()
    failed.refresh_from_db()
    assert failed.status == "failed"  # no state change on a GET
    response = client.post(url, follow=True)
    assert response.status_code == 200
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0) and failed.next_attempt_at is not None
    event = AuditEvent.objects.get(action="resend")
    assert (event.actor, event.from_state, event.to_state) == (board, "failed", "pending")


def test_a_message_that_did_not_fail_cannot_be_resent(client):
    board = staff_user("ban_tcd")
    pending = notify_address("email", "a@dongthap.gov.vn", subject="s", body="b", key="p")
    client.force_login(board)
    response = client.post(
        changelist(OUTBOX), {"action": "resend_selected", "_selected_action": [pending.pk]}, follow=True
    )
    assert "Chỉ gửi lại được thông báo đã gửi lỗi." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending" and not AuditEvent.objects.filter(action="resend").exists()


@pytest.mark.parametrize("role", ["vp_ubnd", "thanh_tra", "quan_tri", "ubnd_xa", "so_nganh"])
def test_no_other_role_reaches_the_outbox_or_the_resend(client, role):
    failed = _failed_email()
    client.force_login(staff_user(role))
    assert client.get(changelist(OUTBOX)).status_code == 403
    url = reverse("admin:tiepdan_case_notification_resend_one", args=[failed.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 404)
    failed.refresh_from_db()
    assert failed.status == "failed"
