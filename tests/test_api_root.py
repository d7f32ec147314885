"""The /api/v1/ root: one index for every module, JSON errors for unknown paths, a token door that locks."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_the_resources_of_every_module(board_user):
    client = APIClient()
    client.force_authenticate(board_user)
    body = client.get("/api/v1/").json()
    for resource in ("units", "agencies", "citizens", "cases", "bridge-sites", "archive-entries"):
        assert resource in body


def test_an_unknown_api_path_answers_a_json_404_in_vietnamese():
    response = APIClient().get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "detail": "Không tìm thấy, hoặc bạn không có quyền xem.",
        "fields": {},
    }


def test_the_token_endpoint_stops_password_guessing(settings):
    # One mechanism with the login page (django-axes, issue 6), no longer a throttle of its own.
    settings.AXES_FAILURE_LIMIT = 2
    client = APIClient()
    statuses = [
        client.post("/api/v1/auth/token/", {"username": "ai", "password": "sai"}, format="json").status_code
        for _ in range(3)
    ]
    assert statuses == [401, 429, 429]  # the failure that reaches the limit is already refused


def test_the_openapi_schema_of_every_module_generates_without_a_warning(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    schema = target.read_text()
    for path in ("/api/v1/cases/{id}/transition/", "/api/v1/bridge-sites/", "/api/v1/archive-entries/"):
        assert path in schema
