"""A signed-in session ends after SESSION_IDLE_SECONDS without a request (issue 12)."""

import time

import pytest

from addons.tiepdan_case.middleware import LAST_SEEN_KEY
from addons.tiepdan_case.tests.admin_helpers import staff_user

pytestmark = pytest.mark.django_db


def _last_seen(client, seconds_ago):
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_the_default_is_thirty_minutes(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60


def test_a_session_idle_longer_than_the_limit_asks_to_sign_in_again(client, settings):
    client.force_login(staff_user("lanh_dao"))
    assert client.get("/").status_code == 200
    _last_seen(client, settings.SESSION_IDLE_SECONDS + 5)
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_request_within_the_limit_keeps_the_session_and_moves_the_clock(client, settings):
    client.force_login(staff_user("lanh_dao"))
    _last_seen(client, settings.SESSION_IDLE_SECONDS - 60)
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5
    assert client.get("/").status_code == 200


def test_an_idle_session_no_longer_opens_the_api(client, settings):
    client.force_login(staff_user("lanh_dao"))
    client.get("/")
    _last_seen(client, settings.SESSION_IDLE_SECONDS + 5)
    assert client.get("/api/v1/units/").status_code in (401, 403)
