"""The "No 500" list of issue 6 against the session and report endpoints: impossible dates, huge ids,
nested bodies — each a 400 (or 404 for ids) in the error format, never a 500."""

import pytest

from addons.tiepdan_case.tests.api_support import API, assert_error, client_for
from addons.tiepdan_session.tests.common import HOST, local, new_session, people, site, working_day

pytestmark = pytest.mark.django_db

BAD_MOMENTS = [
    "2026-13-45T08:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-23:59",
    "1899-12-31T08:00:00+07:00",
    "99999-01-01T08:00:00",
]


@pytest.fixture
def crew(db):
    return people()


def _session_body(crew, **extra):
    day = working_day(8)
    return {
        "kind": "dinh_ky", "title": "Phiên định kỳ", "focus": "Đất đai", "start": local(day, 8).isoformat(),
        "end": local(day, 11).isoformat(), "chair": crew["chair"].pk, "host_site": site(HOST).pk, **extra,
    }  # fmt: skip


@pytest.mark.parametrize("moment", BAD_MOMENTS)
@pytest.mark.parametrize("field", ["start", "end"])
def test_a_session_with_an_impossible_time_is_400(crew, moment, field):
    response = client_for(crew["board"]).post(
        f"{API}/sessions/", _session_body(crew, **{field: moment}), format="json"
    )
    assert field in assert_error(response, 400, "invalid")["fields"]


@pytest.mark.parametrize("moment", BAD_MOMENTS)
def test_a_reschedule_to_an_impossible_time_is_400(crew, moment):
    session = new_session(crew["board"], crew["chair"])
    response = client_for(crew["board"]).post(
        f"{API}/sessions/{session.pk}/transition/",
        {"action": "reschedule", "start": moment, "end": moment, "note": "Đổi giờ"},
        format="json",
    )
    assert_error(response, 400)


@pytest.mark.parametrize("path", ["", "agenda/", "sites/", "agencies/", "invitations/", "readiness/"])
@pytest.mark.parametrize("session_id", ["99999999999999999999", "9223372036854775808", "-1", "abc"])
def test_a_session_id_no_row_can_have_is_404(crew, path, session_id):
    assert_error(client_for(crew["board"]).get(f"{API}/sessions/{session_id}/{path}"), 404)


def test_a_session_body_of_5000_nested_brackets_is_400(crew):
    body = '{"title": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client_for(crew["board"]).post(f"{API}/sessions/", body, content_type="application/json")
    assert_error(response, 400, "parse_error")


@pytest.mark.parametrize(
    "params",
    [
        {"from": "0001-01-01", "to": "2026-12-31"},
        {"from": "2026-01-01", "to": "9999-12-31"},
        {"from": "31/12/1899", "to": "01/01/1900"},
        {"from": "2026-13-45", "to": "2026-12-31"},
        {"from": "2026-01-01"},
        {"from": "2026-01-01", "to": "2026-12-31", "agency": "\u0000"},
    ],
)
def test_the_register_export_with_impossible_dates_is_400(crew, params):
    response = client_for(crew["board"]).get(f"{API}/reports/so-tiep-cong-dan/", params)
    assert response.status_code in (400, 404), response.content[:300]
    assert_error(response, response.status_code)


@pytest.mark.parametrize("form", ["bieu-01-tcd", "bieu-02-tcd"])
@pytest.mark.parametrize(
    "params", [{"period": "year", "year": "99999999999999999999"}, {"period": "q5", "year": "2026"}, {}]
)
def test_the_statistics_with_impossible_periods_are_400(crew, form, params):
    assert_error(client_for(crew["board"]).get(f"{API}/reports/{form}/", params), 400)


@pytest.mark.parametrize("document_id", ["99999999999999999999", "abc"])
def test_a_document_id_no_row_can_have_is_404(crew, document_id):
    assert_error(client_for(crew["board"]).get(f"{API}/documents/{document_id}/pdf/"), 404)
