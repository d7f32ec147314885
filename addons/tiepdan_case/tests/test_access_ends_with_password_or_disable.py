"""Every session and API token of a user ends when the password changes or the account is disabled
(issue 12): through the administrator's screens, and the user's own password change."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from addons.tiepdan_case.tests.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Song-Tien-chay-2026"


def _signed_in(user):
    browser = Client()
    browser.force_login(user)
    assert browser.get("/").status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert api.get("/api/v1/units/").status_code == 200
    return browser, api


def _assert_ended(browser, api):
    response = browser.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert api.get("/api/v1/units/").status_code == 401


def test_a_password_set_by_the_administrator_ends_the_users_sessions_and_tokens(client):
    user = staff_user("lanh_dao")
    browser, api = _signed_in(user)
    client.force_login(staff_user("quan_tri"))
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    _assert_ended(browser, api)


def test_disabling_an_account_ends_its_sessions_and_tokens(client):
    user = staff_user("so_nganh")
    browser, api = _signed_in(user)
    client.force_login(staff_user("quan_tri"))
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = form_data(client.get(url))
    data.pop("is_active", None)
    assert client.post(url, data).status_code == 302
    _assert_ended(browser, api)
    assert not Token.objects.filter(user=user).exists()


def test_changing_ones_own_password_ends_the_other_sessions_and_the_tokens():
    user = staff_user("lanh_dao")
    other_browser, api = _signed_in(user)
    browser = Client()
    browser.force_login(user)
    response = browser.post(
        reverse("admin:password_change"),
        {"old_password": "Test@12345678", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    _assert_ended(other_browser, api)


def test_a_save_that_changes_neither_keeps_the_sessions(client):
    user = staff_user("lanh_dao")
    browser, api = _signed_in(user)
    user.first_name = "Bình"
    user.save()
    assert browser.get("/").status_code == 200 and api.get("/api/v1/units/").status_code == 200
