"""The OpenAPI contract: it renders, validates, and documents every operation of the case module."""

import json

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from .api_support import API, client_for

pytestmark = pytest.mark.django_db

OUR_OPERATIONS = {
    "/api/v1/auth/token/": {"post", "delete"},
    "/api/v1/units/": {"get"},
    "/api/v1/units/{code}/": {"get"},
    "/api/v1/agencies/": {"get"},
    "/api/v1/agencies/{code}/": {"get"},
    "/api/v1/citizens/": {"get", "post"},
    "/api/v1/citizens/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/citizens/deleted/": {"get"},
    "/api/v1/citizens/{id}/restore/": {"post"},
    "/api/v1/cases/": {"get", "post"},
    "/api/v1/cases/{id}/": {"get", "put", "patch", "delete"},  # delete: soft, with a reason (issue 12)
    "/api/v1/cases/deleted/": {"get"},
    "/api/v1/cases/{id}/restore/": {"post"},
    "/api/v1/cases/{id}/transition/": {"post"},
}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(board_user):
    response = client_for(board_user).get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_renders_and_is_valid_openapi(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_every_operation_of_the_case_module_is_in_the_schema_and_documented(schema):
    for path, methods in OUR_OPERATIONS.items():
        assert path in schema["paths"], path
        operations = schema["paths"][path]
        assert set(operations) & METHODS == methods, path
        for method in methods:
            operation = operations[method]
            assert operation.get("summary"), (path, method)
            codes = set(operation["responses"])
            assert codes & {"200", "201", "204"}, (path, method)
            assert "401" in codes or path.endswith("/auth/token/"), (path, method)
            for code in codes - {"200", "201", "204"}:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (path, method, code)


def test_the_transition_operation_documents_its_body_and_every_error(schema):
    operation = schema["paths"]["/api/v1/cases/{id}/transition/"]["post"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = schema["components"]["schemas"][body]["properties"]
    assert {"action", "note", "eligibility", "refusal_ground"} <= set(properties)
    assert schema["components"]["schemas"][body]["required"] == ["action"]


def test_the_case_and_citizen_fields_of_the_design_are_in_the_schema(schema):
    components = schema["components"]["schemas"]
    assert {
        "id", "full_name", "id_type", "id_number", "date_of_birth", "gender", "phone", "address", "unit"
    } <= set(components["Citizen"]["properties"])  # fmt: skip
    assert {
        "id", "code", "case_type", "title", "summary", "unit", "is_group", "group_size", "identity_protection",
        "eligibility", "state", "participants", "allowed_actions", "outcome_overdue",
    } <= set(components["Case"]["properties"])  # fmt: skip
    assert {"citizen", "role"} <= set(components["Participant"]["properties"])


def test_generating_the_schema_raises_no_warning_about_the_case_api():
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    complaints = [
        m for m in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache] if "tiepdan_case" in m
    ]
    assert complaints == []


def test_the_docs_page_renders(board_user):
    response = client_for(board_user).get(f"{API}/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content.lower()
