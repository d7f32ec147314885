"""GET /api/v1/documents/ (scoped) and /api/v1/documents/{id}/pdf/: the kept PDF with its content type and a
Vietnamese file name; a denouncer's document is absent (404) for a non-handler."""

from rest_framework.test import APIClient

from addons.tiepdan_case.tests.factories import make_user
from addons.tiepdan_report.services.documents import issue_document

from .common import refused_case


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_pdf_comes_with_its_content_type_and_vietnamese_name(db):
    board = make_user("ban_tcd")
    document = issue_document(board, "tu_choi", refused_case())
    response = _client(board).get(f"/api/v1/documents/{document.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Th%C3%B4ng%20b%C3%A1o" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF") and len(response.content) == document.size
    listing = _client(board).get("/api/v1/documents/").json()
    assert listing["count"] == 1 and listing["results"][0]["reference"] == "01/TB-BTCD"


def test_a_denunciations_document_is_not_found_for_a_non_handler(db):
    document = issue_document(make_user("ban_tcd"), "tu_choi", refused_case(case_type="to_cao"))
    for role in ("thanh_tra", "lanh_dao", "vp_ubnd"):
        client = _client(make_user(role))
        response = client.get(f"/api/v1/documents/{document.pk}/pdf/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert client.get("/api/v1/documents/").json()["count"] == 0
