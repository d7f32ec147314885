"""Repeated failed logins lock the account and the address (issue 6), one mechanism (django-axes) for
the admin login and the API token endpoint, with a Vietnamese message; X-Forwarded-For is trusted only
behind the configured proxies."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.second_factor import token_credentials

pytestmark = pytest.mark.django_db

PASSWORD = "Test@12345678"  # factories.make_user
LOCKED = "Đăng nhập sai quá nhiều lần"


def _admin_login(client, username, password, **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, **extra)


def _token(username, password, **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json", **extra
    )


def _token_with_code(user, **extra):
    return APIClient().post("/api/v1/auth/token/", token_credentials(user, PASSWORD), format="json", **extra)


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(client, settings):
    user = staff_user("ban_tcd")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _admin_login(client, user.username, "sai-mat-khau")
    response = _admin_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_api_token_endpoint_shares_the_lockout_and_answers_in_the_error_format(client, settings):
    user = staff_user("vp_ubnd")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(user.username, "sai")
    response = _token(user.username, PASSWORD)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out" and LOCKED in body["detail"] and body["fields"] == {}
    # the same account is locked on the admin login page too
    assert _admin_login(client, user.username, PASSWORD).status_code == 429


def test_one_account_locked_from_one_address_still_signs_in_from_another(settings):
    user = staff_user("lanh_dao")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(user.username, "sai")
    assert _token(user.username, PASSWORD).status_code == 429
    assert _token_with_code(user, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_an_office_behind_one_address_is_not_locked_out_by_its_clerks_mistakes(settings):
    # Issue 12: per account and address together; five colleagues mistyping once each lock nobody.
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _token(staff_user("lanh_dao").username, "sai")
    fresh = staff_user("lanh_dao")
    assert _token_with_code(fresh).status_code == 200


def test_an_address_that_tries_many_accounts_is_locked_at_the_higher_ceiling(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        _token(f"doan-ten-{n}", "sai")
    fresh = staff_user("lanh_dao")
    assert _token(fresh.username, PASSWORD).status_code == 429
    assert _admin_login(Client(), fresh.username, PASSWORD).status_code == 429
    # from another address the fresh account still signs in
    assert _token_with_code(fresh, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_one_account_guessed_from_many_addresses_is_locked_everywhere(settings):
    user = staff_user("lanh_dao")
    for n in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
        _token(user.username, "sai", REMOTE_ADDR=f"10.1.{n // 4}.{n}")  # never 5 from one address
    assert _token(user.username, PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 429


def test_a_forged_forwarded_for_header_gets_no_budget_of_its_own(settings):
    user = staff_user("ban_tcd")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _token(user.username, "sai", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert _token(user.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_proxy_only_the_configured_hops_are_read(settings):
    settings.BEHIND_PROXY, settings.PROXY_HOPS = True, 1
    user = staff_user("ban_tcd")
    # The client forged the left value; our one proxy appended the real address on the right.
    _token(user.username, "sai", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.50"]


def test_a_success_before_the_limit_resets_the_count(settings):
    user = staff_user("ban_tcd")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _token(user.username, "sai")
    assert _token_with_code(user).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _token(user.username, "sai")
    assert _token_with_code(user).status_code == 200
