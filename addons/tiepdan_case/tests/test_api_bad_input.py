"""Whatever a client sends, the API answers with a JSON error in the agreed shape — never a 500."""

import json

import pytest

from .api_support import API, assert_error, client_for
from .factories import CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db

HUGE = 10**30
CASE = {"case_type": "khieu_nai", "title": "T", "summary": "S", "unit": "28261"}
CITIZEN = {
    "full_name": "A",
    "id_type": "khac",
    "id_number": "X1",
    "gender": "nam",
    "address": "B",
    "unit": "28261",
}

BAD_BODIES = [
    ("cases", "{not json", 400),
    ("cases", "[1, 2]", 400),
    ("cases", '"a string"', 400),
    ("cases", "null", 400),
    ("cases", json.dumps(CASE | {"group_size": "abc"}), 400),
    ("cases", json.dumps(CASE | {"group_size": HUGE}), 400),
    ("cases", json.dumps(CASE | {"group_size": -5}), 400),
    ("cases", json.dumps(CASE)[:-1] + ', "group_size": 1e400}', 400),
    ("cases", json.dumps(CASE)[:-1] + ', "group_size": NaN}', 400),
    ("cases", json.dumps(CASE | {"group_size": [1]}), 400),
    ("cases", json.dumps(CASE | {"case_type": "xyz"}), 400),
    ("cases", json.dumps(CASE | {"case_type": {"a": 1}}), 400),
    ("cases", json.dumps(CASE | {"unit": "99999"}), 400),
    ("cases", json.dumps(CASE | {"unit": {"code": "28261"}}), 400),
    ("cases", json.dumps(CASE | {"unit": [28261]}), 400),
    ("cases", json.dumps(CASE | {"unit": True}), 400),
    ("cases", json.dumps(CASE | {"unit": "2" * 5000}), 400),
    ("cases", json.dumps(CASE | {"unit": "28261\u0000"}), 400),
    ("cases", json.dumps(CASE | {"received_date": "2026-02-30"}), 400),
    ("cases", json.dumps(CASE | {"received_date": "99999-01-01"}), 400),
    ("cases", json.dumps(CASE | {"received_date": "02/11/2026"}), 400),
    ("cases", json.dumps(CASE | {"received_date": 20261102}), 400),
    ("cases", json.dumps(CASE | {"title": "x" * 10_000}), 400),
    ("cases", json.dumps(CASE | {"title": None}), 400),
    ("cases", json.dumps(CASE | {"title": "a\u0000b"}), 400),
    ("cases", json.dumps(CASE | {"title": "\ud800"}), 400),
    ("cases", json.dumps(CASE | {"identity_protection": "maybe"}), 400),
    ("cases", json.dumps(CASE | {"eligibility": "to_cao_phuc_tap"}), 400),
    ("cases", json.dumps(CASE | {"participants": "abc"}), 400),
    ("cases", json.dumps(CASE | {"participants": [1, 2]}), 400),
    ("cases", json.dumps(CASE | {"participants": [{"citizen": HUGE, "role": "thanh_vien"}]}), 400),
    ("cases", json.dumps(CASE | {"participants": [{"citizen": -1, "role": "thanh_vien"}]}), 400),
    ("cases", json.dumps(CASE | {"participants": [{"citizen": "abc", "role": "thanh_vien"}]}), 400),
    ("cases", json.dumps(CASE | {"participants": [{"citizen": True, "role": "thanh_vien"}]}), 400),
    ("cases", json.dumps(CASE | {"participants": [{"citizen": None, "role": "thanh_vien"}]}), 400),
    ("cases", json.dumps(CASE | {"participants": [{"citizen": 1.5, "role": "thanh_vien"}]}), 400),
    ("cases", json.dumps(CASE | {"participants": [{"citizen": {"id": 1}, "role": "x"}]}), 400),
    ("citizens", json.dumps(CITIZEN | {"date_of_birth": "1800-01-01"}), 400),
    ("citizens", json.dumps(CITIZEN | {"date_of_birth": "0000-00-00"}), 400),
    ("citizens", json.dumps(CITIZEN | {"gender": "x"}), 400),
    ("citizens", json.dumps(CITIZEN | {"id_type": "zzz"}), 400),
    ("citizens", json.dumps(CITIZEN | {"id_number": 10**25}), 400),
    ("citizens", json.dumps(CITIZEN | {"id_number": "1" * 500}), 400),
    ("citizens", json.dumps(CITIZEN | {"phone": {"a": 1}}), 400),
    ("citizens", json.dumps(CITIZEN | {"phone": "9" * 200}), 400),
    ("citizens", json.dumps(CITIZEN | {"full_name": "\u0000"}), 400),
    ("citizens", json.dumps(CITIZEN | {"unit": None}), 400),
    ("citizens", "{}", 400),
    ("auth/token", json.dumps({"username": ["a"], "password": {"b": 1}}), 400),
    ("auth/token", "{bad", 400),
]


@pytest.mark.parametrize("resource,body,expected", BAD_BODIES)
def test_bad_bodies_are_refused_in_the_error_format(board_user, resource, body, expected):
    response = client_for(board_user).post(f"{API}/{resource}/", body, content_type="application/json")
    assert_error(response, expected)


@pytest.mark.parametrize(
    "body",
    [
        "{bad",
        "[]",
        json.dumps({"action": 123}),
        json.dumps({"action": ["submit"]}),
        json.dumps({"action": None}),
        json.dumps({"action": "submit", "note": {"a": 1}}),
        json.dumps({"action": "submit", "note": "x" * 5000}),
        json.dumps({"action": "accept", "eligibility": HUGE}),
        json.dumps({"action": "reject", "note": "x", "refusal_ground": ["luat_9_1"]}),
    ],
)
def test_bad_transition_bodies_are_400(board_user, body):
    case = CaseFactory(state="submitted")
    response = client_for(board_user).post(
        f"{API}/cases/{case.pk}/transition/", body, content_type="application/json"
    )
    assert_error(response, 400)


@pytest.mark.parametrize(
    "url,status",
    [
        ("cases/?state=bogus", 400),
        ("cases/?case_type=%00", 400),
        ("cases/?unit=abc", 400),
        ("cases/?unit=%00", 400),
        ("cases/?search=%00", 400),
        ("cases/?search=" + "a" * 300, 400),
        ("cases/?page=abc", 404),
        ("cases/?page=99999999999999999999", 404),
        ("cases/?page=-1", 404),
        ("citizens/?unit=99999", 400),
        ("citizens/?search=%00", 400),
        ("cases/abc/", 404),
        ("cases/-1/", 404),
        ("cases/0/", 404),
        ("cases/99999999999999999999999999/", 404),
        ("cases/9223372036854775807/", 404),
        ("citizens/99999999999999999999999999/", 404),
        ("citizens/1e5/", 404),
        ("units/abc/", 404),
        ("agencies/khong-co/", 404),
    ],
)
def test_bad_urls_and_query_strings_are_refused_in_the_error_format(board_user, url, status):
    CaseFactory()
    assert_error(client_for(board_user).get(f"{API}/{url}"), status)


@pytest.mark.parametrize("case_id", ["abc", "-1", "99999999999999999999999999", "9223372036854775807"])
def test_a_transition_on_an_impossible_id_is_404(board_user, case_id):
    response = client_for(board_user).post(
        f"{API}/cases/{case_id}/transition/", {"action": "submit"}, format="json"
    )
    assert_error(response, 404, "not_found")


def test_a_page_past_the_end_is_404_in_vietnamese(board_user):
    body = assert_error(client_for(board_user).get(f"{API}/cases/?page=9"), 404, "not_found")
    assert body["detail"] == "Không tìm thấy, hoặc bạn không có quyền xem."


def test_wrong_methods_are_405(board_user):
    client = client_for(board_user)
    case = CaseFactory()
    # Cases and citizens take DELETE now (soft delete with a reason, issue 12); read-only resources do not.
    assert_error(client.delete(f"{API}/units/28261/"), 405, "method_not_allowed")
    assert_error(client.put(f"{API}/units/28261/", {}, format="json"), 405)
    assert_error(client.get(f"{API}/cases/{case.pk}/transition/"), 405)
    assert_error(client.get(f"{API}/auth/token/"), 405)


def test_a_body_that_is_not_json_is_415(board_user):
    response = client_for(board_user).post(f"{API}/cases/", "title=x", content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type")


def test_a_huge_number_in_an_update_is_400(board_user):
    case = CaseFactory()
    response = client_for(board_user).patch(f"{API}/cases/{case.pk}/", {"group_size": HUGE}, format="json")
    assert list(assert_error(response, 400)["fields"]) == ["group_size"]


def test_a_put_without_required_fields_is_400(board_user):
    case = CaseFactory()
    body = assert_error(client_for(board_user).put(f"{API}/cases/{case.pk}/", {}, format="json"), 400)
    assert {"case_type", "title", "summary"} <= set(body["fields"])


@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000 + "]" * 5000,
        '{"a":' * 5000 + "1" + "}" * 5000,
        '{"participants": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
    ids=["arrays", "objects", "inside-a-field"],
)
def test_a_body_of_5000_nested_brackets_is_400(board_user, body):
    client = client_for(board_user)
    assert_error(client.post(f"{API}/cases/", body, content_type="application/json"), 400, "parse_error")
    case = CaseFactory()
    response = client.patch(f"{API}/cases/{case.pk}/", body, content_type="application/json")
    assert_error(response, 400, "parse_error")


@pytest.mark.parametrize("row", [{"role": "thanh_vien"}, {}, {"citizen": None}, {"citizen": 1}])
def test_a_case_patch_with_a_participant_without_a_citizen_or_role_is_400(board_user, row):
    case = CaseFactory()
    if "citizen" in row and row["citizen"] == 1:
        row = {"citizen": CitizenFactory().pk}  # a citizen without a role
    response = client_for(board_user).patch(f"{API}/cases/{case.pk}/", {"participants": [row]}, format="json")
    body = assert_error(response, 400, "invalid")
    assert set(body["fields"]) <= {"participants.0.citizen", "participants.0.role"}
    assert all(m for messages in body["fields"].values() for m in messages)
    assert "Trường này" in body["detail"]
