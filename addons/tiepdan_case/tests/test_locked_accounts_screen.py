"""The "Locked accounts" screen (issue 12): the django-axes lockouts of now, unlocked by a system
administrator with a POST that is logged; the home queue counts them."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.test import APIClient

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.second_factor import token_credentials

pytestmark = pytest.mark.django_db

PASSWORD = "Test@12345678"
SCREEN = reverse("admin:tiepdan_case_lockedaccount_changelist")


def _fail(username, times):
    for _ in range(times):
        APIClient().post("/api/v1/auth/token/", {"username": username, "password": "sai"}, format="json")


def _token(user):
    return APIClient().post("/api/v1/auth/token/", token_credentials(user, PASSWORD), format="json")


def test_the_administrator_sees_the_locked_account_and_unlocks_it_and_it_is_logged(client, settings):
    locked = staff_user("lanh_dao")
    almost = staff_user("lanh_dao")
    _fail(locked.username, settings.AXES_FAILURE_LIMIT)
    _fail(almost.username, 1)
    assert _token(locked).status_code == 429
    admin = staff_user("quan_tri")
    client.force_login(admin)
    page = client.get(SCREEN)
    assert page.status_code == 200
    shown = [row.username for row in page.context["cl"].result_list]
    assert shown == [locked.username]  # one failure is not a lockout
    row = AccessAttempt.objects.get(username=locked.username)
    response = client.post(SCREEN, {"action": "unlock", "_selected_action": [row.pk]})
    assert response.status_code == 302
    assert _token(locked).status_code == 200
    event = AuditEvent.objects.get(action="login_unlocked", object_id=locked.pk)
    assert event.actor == admin and event.changes["username"] == locked.username


def test_the_home_queue_counts_the_lockouts_and_links_to_the_screen(client, settings):
    _fail("ai-do", settings.AXES_FAILURE_LIMIT)
    client.force_login(staff_user("quan_tri"))
    html = client.get("/").content.decode()
    assert SCREEN in html and "Tài khoản bị khóa" in html


@pytest.mark.parametrize("role", ["ban_tcd", "vp_ubnd", "lanh_dao"])
def test_other_roles_neither_see_nor_unlock(client, settings, role):
    _fail("ai-do", settings.AXES_FAILURE_LIMIT)
    client.force_login(staff_user(role))
    assert client.get(SCREEN).status_code == 403
    row = AccessAttempt.objects.get()
    client.post(SCREEN, {"action": "unlock", "_selected_action": [row.pk]})
    assert AccessAttempt.objects.filter(pk=row.pk).exists()
