"""The notification outbox: notify_users / notify_address queue rows in the caller's transaction, once."""

import pytest
from django.db import IntegrityError, transaction

from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services.errors import Invalid
from addons.tiepdan_case.services.notifications import notify_address, notify_users
from addons.tiepdan_case.tests.factories import make_user
from config.request_context import current_request_id

pytestmark = pytest.mark.django_db


def _notify(users, key="session:1:announce"):
    return notify_users(
        users, subject="Lịch tiếp công dân", body="Phiên ngày 15/12/2026", link="/sessions/1/", key=key
    )


def test_each_user_gets_an_in_app_notice_and_those_with_an_address_an_email_too():
    with_email = make_user("ban_tcd")
    with_email.email = "canbo@dongthap.gov.vn"
    with_email.save()
    without_email = make_user("ubnd_xa")

    _notify([with_email, without_email])

    in_app = Notification.objects.filter(channel="in_app")
    assert sorted(in_app.values_list("user", flat=True)) == sorted([with_email.pk, without_email.pk])
    assert set(in_app.values_list("status", flat=True)) == {"sent"}  # visible at once, nothing to send
    assert all(n.read_at is None for n in in_app)
    email = Notification.objects.get(channel="email")
    assert (email.user, email.address, email.status) == (with_email, "canbo@dongthap.gov.vn", "pending")
    assert email.next_attempt_at is not None and email.attempts == 0
    assert (email.subject, email.body, email.link) == (
        "Lịch tiếp công dân",
        "Phiên ngày 15/12/2026",
        "/sessions/1/",
    )


def test_queueing_the_same_key_again_adds_nothing_but_a_new_key_does():
    user = make_user("ban_tcd")
    user.email = "canbo@dongthap.gov.vn"
    user.save()
    _notify([user])
    _notify([user, user])
    assert Notification.objects.count() == 2
    _notify([user], key="session:1:announce:2")
    assert Notification.objects.count() == 4


def test_the_rows_are_written_in_the_callers_transaction_and_vanish_with_its_rollback():
    user = make_user("ban_tcd")
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify([user])
        assert Notification.objects.count() == 1
        raise RuntimeError("the announcement failed")
    assert Notification.objects.count() == 0


def test_inactive_users_are_not_notified():
    user = make_user("ban_tcd")
    user.is_active = False
    user.save()
    assert list(_notify([user])) == []
    assert Notification.objects.count() == 0


def test_an_agency_email_and_a_citizen_sms_are_queued_once_each():
    email = notify_address(
        "email", "vanthu@sotuphap.dongthap.gov.vn", subject="Mời họp", body="...", key="k1"
    )
    sms = notify_address("sms", "0912 345 678", subject="Giấy mời", body="Mời ông đến", key="k1")
    again = notify_address("sms", "+84912345678", subject="Giấy mời", body="Mời ông đến", key="k1")
    assert again.pk == sms.pk
    assert sms.address == "+84912345678"  # normalised to E.164
    assert (email.channel, email.status, email.user) == ("email", "pending", None)
    assert Notification.objects.count() == 2


@pytest.mark.parametrize(
    "channel,address", [("email", "not-an-address"), ("sms", "12"), ("sms", ""), ("in_app", "x@y.vn")]
)
def test_a_bad_address_or_channel_is_refused_in_vietnamese(channel, address):
    with pytest.raises(Invalid) as refused:
        notify_address(channel, address, subject="s", body="b", key="k")
    assert any(word in refused.value.message for word in ("hợp lệ", "Kênh"))
    assert Notification.objects.count() == 0


def test_a_message_without_a_key_is_refused():
    with pytest.raises(Invalid):
        notify_address("email", "a@b.vn", subject="s", body="b", key="")


def test_a_very_long_key_is_still_unique_per_recipient():
    user = make_user("ban_tcd")
    long_key = "session:" + "x" * 400
    first = _notify([user], key=long_key).get()
    assert len(first.dedupe_key) <= 255
    _notify([user], key=long_key)
    assert Notification.objects.count() == 1


def test_the_database_refuses_an_in_app_notice_without_a_user():
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(dedupe_key="x", channel="in_app", address="a@b.vn", subject="s", body="b")


def test_the_database_refuses_a_message_without_any_recipient():
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(dedupe_key="x", channel="email", subject="s", body="b")


def test_the_request_that_queued_a_message_is_remembered_for_the_worker_logs():
    token = current_request_id.set("req-abc123")
    try:
        row = notify_address("email", "a@b.vn", subject="s", body="b", key="k")
    finally:
        current_request_id.reset(token)
    assert row.request_id == "req-abc123"
