"""Password policy (issue 12): at least 12 characters, not a common password, not like the user's own
name — on the administrator's new-user form (and every form that sets a password: Django's validators)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user

pytestmark = pytest.mark.django_db


def _new_user(client, username, password):
    return client.post(
        reverse("admin:auth_user_add"),
        {
            "username": username,
            "password1": password,
            "password2": password,
            "usable_password": "true",
            "profile-TOTAL_FORMS": "0",
            "profile-INITIAL_FORMS": "0",
        },
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ngan-qua-11", "12 ký tự"),  # 11 characters
        ("1qaz2wsx3edc", "quá phổ biến"),  # in Django's list of common passwords
        ("tranvanbinh2", "quá giống"),  # the username with a digit
    ],
)
def test_a_weak_password_is_refused_with_the_reason(client, password, reason):
    client.force_login(staff_user("quan_tri"))
    response = _new_user(client, "tranvanbinh", password)
    assert response.status_code == 200
    assert not User.objects.filter(username="tranvanbinh").exists()
    errors = " ".join(str(e) for e in response.context["adminform"].form.errors.get("password2", []))
    assert reason in errors, errors


def test_a_long_uncommon_password_is_accepted(client):
    client.force_login(staff_user("quan_tri"))
    assert _new_user(client, "tranvanbinh", "Song-Tien-chay-2026").status_code == 302
