"""An unrefused case answers `refusal_ground: null`, and the schema says "the enum or null" (issue 6: the
empty string it answered was in neither, so a client validating against the schema rejected every case)."""

import json

import jsonschema
import pytest

from ..choices import RefusalGround
from .api_support import API, client_for
from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def _case_schema(client):
    schema = json.loads(client.get(f"{API}/schema/", {"format": "json"}).content)
    components = schema["components"]["schemas"]
    prop = components["Case"]["properties"]["refusal_ground"]
    return prop, components


def _resolve(prop, components):
    """The property as a plain JSON schema (its $refs replaced by the components they name)."""
    if "$ref" in prop:
        return components[prop["$ref"].rsplit("/", 1)[1]]
    return {k: [_resolve(p, components) for p in v] if k == "oneOf" else v for k, v in prop.items()}


def test_an_unrefused_case_answers_null_and_the_schema_allows_it(board_user):
    client = client_for(board_user)
    case = CaseFactory(state="submitted")
    body = client.get(f"{API}/cases/{case.pk}/").json()
    assert body["refusal_ground"] is None
    prop, components = _case_schema(client)
    schema = _resolve(prop, components)
    assert prop.get("nullable") is True
    jsonschema.validate(body["refusal_ground"], {"oneOf": schema["oneOf"]})
    enums = [v for s in schema["oneOf"] for v in s.get("enum", [])]
    assert set(RefusalGround.values) <= set(enums)


def test_a_rejected_case_answers_its_ground(board_user):
    client = client_for(board_user)
    case = CaseFactory(state="submitted")
    response = client.post(
        f"{API}/cases/{case.pk}/transition/",
        {"action": "reject", "note": "Đã trả lời", "refusal_ground": "luat_9_3"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["refusal_ground"] == "luat_9_3"
