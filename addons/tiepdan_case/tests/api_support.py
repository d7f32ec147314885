"""Helpers for the API tests: clients that authenticate like a real integration (token header)."""

import json

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

API = "/api/v1"


def client_for(user=None) -> APIClient:
    """An APIClient sending `Authorization: Token <key>` for this user (anonymous when None)."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def patch_json(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The error shape of DESIGN.md: {"code", "detail", "fields"}, with the expected status and code."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["fields"], dict)
    if code is not None:
        assert body["code"] == code, body
    return body
