"""API tokens of the roles that sign in with a second factor are issued only with a real code (issue 12),
and they expire like every token (test_api_token_lifetime.py)."""

import pytest
from rest_framework.test import APIClient

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, post_json
from addons.tiepdan_case.tests.second_factor import code_for, enrol

pytestmark = pytest.mark.django_db

PASSWORD = "Test@12345678"
TOKEN = f"{API}/auth/token/"


def _ask(data):
    return post_json(APIClient(), TOKEN, data)


def test_a_board_user_gets_no_token_with_the_password_alone():
    user = staff_user("ban_tcd")
    enrol(user)
    body = assert_error(_ask({"username": user.username, "password": PASSWORD}), 401, "authentication_failed")
    assert "otp" in body["detail"]


def test_a_wrong_code_gets_no_token_and_counts_towards_the_lockout(settings):
    from axes.models import AccessAttempt

    user = staff_user("thanh_tra")
    enrol(user)
    assert_error(_ask({"username": user.username, "password": PASSWORD, "otp": "000001"}), 401)
    assert AccessAttempt.objects.filter(username=user.username, failures_since_start=1).exists()


def test_the_right_code_gets_a_token_that_opens_the_api():
    user = staff_user("chu_tich")
    device = enrol(user)
    response = _ask({"username": user.username, "password": PASSWORD, "otp": code_for(device)})
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(f"{API}/cases/").status_code == 200


def test_a_user_not_enrolled_is_told_to_enrol_first():
    user = staff_user("quan_tri")
    body = assert_error(_ask({"username": user.username, "password": PASSWORD, "otp": "123456"}), 403)
    assert "hai lớp" in body["detail"] or "two-factor" in body["detail"]


def test_a_role_without_the_duty_gets_a_token_with_the_password():
    user = staff_user("bao_ptth")
    assert _ask({"username": user.username, "password": PASSWORD}).status_code == 200
