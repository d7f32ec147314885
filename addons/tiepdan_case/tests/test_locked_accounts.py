"""“Tài khoản bị khóa” is django-axes' lockout after failed logins: counted on the administrator's home,
listed with the locked addresses, and unlocked from the screen with a history row."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user

from .test_home_work_queue import queue

pytestmark = pytest.mark.django_db
PASSWORD = "Test@12345678"  # factories.make_user
SCREEN = reverse("admin:auth_user_lockouts")


def _fail(client, username, times, address="10.1.1.1"):
    for _ in range(times):
        client.post(reverse("admin:login"), {"username": username, "password": "sai"}, REMOTE_ADDR=address)


def _signs_in(client, username, address="10.1.1.1") -> bool:
    response = client.post(
        reverse("admin:login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=address
    )
    return response.status_code == 302


def test_the_administrators_home_counts_the_accounts_axes_has_locked_not_disabled_ones(client, settings):
    locked = staff_user("ban_tcd")
    User.objects.create_user("tat_di", is_active=False)  # disabled on purpose: not a lockout
    _fail(client, locked.username, settings.AXES_FAILURE_LIMIT)
    admin = staff_user("quan_tri")
    client.force_login(admin)
    lines, _html = queue(client)
    count, url = lines["Tài khoản bị khóa"]
    assert count == 1 and url == SCREEN
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-locked="{locked.username}"' in html and 'data-locked="tat_di"' not in html


def test_unlocking_an_account_lets_it_sign_in_again_and_is_in_its_history(client, settings):
    locked = staff_user("ban_tcd")
    _fail(client, locked.username, settings.AXES_FAILURE_LIMIT, address="10.2.2.2")
    assert not _signs_in(client, locked.username, address="10.2.2.2")  # locked from that address (issue 12)
    admin = staff_user("quan_tri")
    client.force_login(admin)
    response = client.post(
        SCREEN,
        {"kind": "username", "value": locked.username, "note": "Đã gọi điện xác minh"},
        follow=True,
    )
    assert f"Đã mở khóa tài khoản {locked.username}" in response.content.decode()
    event = AuditEvent.objects.get(action="login_unlocked")
    assert (event.target, event.actor, event.note) == (locked, admin, "Đã gọi điện xác minh")
    assert event.changes["username"] == locked.username
    client.logout()
    assert _signs_in(client, locked.username, address="10.2.2.2")


def test_a_locked_address_is_listed_and_unlocked(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8  # the higher per-address ceiling (50 by default; issue 12)
    users = [staff_user("thanh_tra") for _ in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT)]
    for user in users:
        _fail(client, user.username, 1, address="10.9.9.9")
    fresh = staff_user("lanh_dao")
    assert not _signs_in(client, fresh.username, address="10.9.9.9")
    client.force_login(staff_user("quan_tri"))
    lines, _html = queue(client)
    assert lines["Địa chỉ bị khóa"][0] == 1
    assert 'data-locked="10.9.9.9"' in client.get(SCREEN).content.decode()
    client.post(SCREEN, {"kind": "ip_address", "value": "10.9.9.9"})
    assert AuditEvent.objects.filter(action="login_unlocked", changes__ip_address="10.9.9.9").exists()
    client.logout()
    assert _signs_in(client, fresh.username, address="10.9.9.9")


def test_only_the_administrators_see_the_screen_or_unlock(client, settings):
    locked = staff_user("vp_ubnd")
    _fail(client, locked.username, settings.AXES_FAILURE_LIMIT)
    client.force_login(staff_user("ban_tcd"))
    assert client.get(SCREEN).status_code == 404
    assert client.post(SCREEN, {"kind": "username", "value": locked.username}).status_code == 404
    assert "Tài khoản bị khóa" not in queue(client)[1]
    client.logout()
    assert not _signs_in(client, locked.username)


def test_an_account_guessed_from_many_addresses_is_listed(client, settings):
    locked = staff_user("lanh_dao")
    for n in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
        _fail(client, locked.username, 1, address=f"10.4.{n}.1")  # one failure from each address
    client.force_login(staff_user("quan_tri"))
    assert f'data-locked="{locked.username}"' in client.get(SCREEN).content.decode()
    client.logout()
    assert not _signs_in(client, locked.username, address="10.5.5.5")
