"""API tokens expire (API_TOKEN_TTL_SECONDS, default 8 hours) and can be revoked by the user and by
quan_tri (issue 6)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, post_json
from addons.tiepdan_case.tests.second_factor import token_credentials

pytestmark = pytest.mark.django_db

PASSWORD = "Test@12345678"


def _login(user):
    response = post_json(APIClient(), f"{API}/auth/token/", token_credentials(user, PASSWORD))
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_default_lifetime_is_eight_hours(settings):
    assert settings.API_TOKEN_TTL_SECONDS == 8 * 3600


def test_a_token_older_than_its_lifetime_is_refused_and_a_new_login_gets_a_new_one(settings):
    user = staff_user("ban_tcd")
    key = _login(user)
    assert _client(key).get(f"{API}/cases/").status_code == 200
    Token.objects.filter(key=key).update(
        created=timezone.now() - dt.timedelta(seconds=settings.API_TOKEN_TTL_SECONDS + 1)
    )
    body = assert_error(_client(key).get(f"{API}/cases/"), 401, "authentication_failed")
    assert "hết hạn" in body["detail"]
    fresh = _login(user)
    assert fresh != key and _client(fresh).get(f"{API}/cases/").status_code == 200


def test_a_user_revokes_their_own_token():
    key = _login(staff_user("vp_ubnd"))
    assert _client(key).delete(f"{API}/auth/token/").status_code == 204
    assert_error(_client(key).get(f"{API}/cases/"), 401, "authentication_failed")


def test_revoking_without_a_token_is_401():
    assert_error(APIClient().delete(f"{API}/auth/token/"), 401, "not_authenticated")


def test_an_administrator_revokes_a_users_tokens_in_the_admin(client):
    user = staff_user("thanh_tra")
    key = _login(user)
    client.force_login(staff_user("quan_tri"))
    response = client.post(
        reverse("admin:auth_user_changelist"), {"action": "revoke_api_tokens", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert_error(_client(key).get(f"{API}/cases/"), 401, "authentication_failed")
    assert changelist  # the users list is the administrator's screen
