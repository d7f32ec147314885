"""Responses (issue 6): no-store on the API and on downloads, the schema and its docs only for signed-in
users."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from addons.tiepdan_case.services import attachments
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_every_api_answer_is_no_store():
    api = client_for(staff_user("ban_tcd"))
    for response in (
        api.get(f"{API}/cases/"),
        api.get(f"{API}/citizens/", {"search": "087080123456"}),
        APIClient().get(f"{API}/cases/"),  # 401
        api.get(f"{API}/khong-co/"),  # 404
    ):
        assert response["Cache-Control"] == "no-store", response.status_code


def test_a_download_is_no_store(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    board = staff_user("ban_tcd")
    attachment = attachments.add_attachment(board, CaseFactory(), SimpleUploadedFile("a.pdf", PDF))
    client.force_login(board)
    response = client.get(reverse("tiepdan_case:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_the_schema_and_the_docs_need_a_login():
    for url in (f"{API}/schema/", f"{API}/docs/"):
        assert APIClient().get(url).status_code == 401, url
        assert client_for(staff_user("so_khcn")).get(url).status_code == 200, url
