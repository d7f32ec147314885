"""An administrator resets a user's two-factor sign-in (lost phone) from the users list: logged, the user's
sessions and tokens end, the next sign-in enrols again; nobody resets their own (issue 12)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user

pytestmark = pytest.mark.django_db


def _reset(client, *users):
    return client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [u.pk for u in users]},
    )


def test_the_administrator_resets_a_users_second_factor_and_it_is_logged(client):
    admin = staff_user("quan_tri")
    user = staff_user("ban_tcd")
    theirs = Client()
    theirs.force_login(user)  # enrolled and verified
    Token.objects.create(user=user)
    client.force_login(admin)
    assert _reset(client, user).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(object_id=user.pk, action="second_factor_reset")
    assert event.actor == admin
    assert not Token.objects.filter(user=user).exists()
    response = theirs.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not any(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())


def test_nobody_resets_their_own_second_factor(client):
    admin = staff_user("quan_tri")
    client.force_login(admin)
    _reset(client, admin)
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="second_factor_reset").exists()


def test_the_users_list_shows_who_has_set_up_two_factor_sign_in(client):
    client.force_login(staff_user("quan_tri"))
    staff_user("lanh_dao")
    page = client.get(reverse("admin:auth_user_changelist"))
    assert page.status_code == 200 and "Xác thực hai lớp" in page.content.decode()
