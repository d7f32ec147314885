import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from addons.tiepdan_bridge.models import ArchiveAccessLog, ArchiveEntry
from addons.tiepdan_bridge.tests.archive_support import archive_settings, store  # noqa: F401
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def download_url(entry):
    return reverse("tiepdan_archive:download", args=[entry.pk])


@pytest.mark.parametrize("role", ["ban_tcd", "vp_ubnd", "thanh_tra", "chu_tich"])
def test_a_reader_downloads_the_file_and_the_access_is_logged(client, user_in_role, role):
    entry = store(b"recording bytes", name="phien-12.mp4")
    user = user_in_role(role)
    client.force_login(user)
    response = client.get(download_url(entry))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"recording bytes"
    assert 'filename="phien-12.mp4"' in response["Content-Disposition"]
    assert response["X-Archive-SHA256"] == hashlib.sha256(b"recording bytes").hexdigest()
    log = ArchiveAccessLog.objects.get()
    assert (log.entry, log.user, log.action) == (entry, user, "download")


@pytest.mark.parametrize("role", ["ubnd_xa", "so_nganh", "cong_an", "bao_ptth", "lanh_dao", "trung_uong"])
def test_a_role_without_access_gets_404_and_nothing_is_logged(client, user_in_role, role):
    entry = store()
    client.force_login(user_in_role(role))
    assert client.get(download_url(entry)).status_code == 404
    assert not ArchiveAccessLog.objects.exists()
    assert client_for(user_in_role(role)).get(f"/api/v1/archive-entries/{entry.pk}/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    entry = store()
    response = client.get(download_url(entry))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_api_lists_metadata_with_a_download_url_that_works_with_the_token(board_user):
    entry = store(b"abc", owner_ref="session:9")
    api = client_for(board_user)
    data = api.get("/api/v1/archive-entries/", {"owner_ref": "session:9"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["sha256"] == hashlib.sha256(b"abc").hexdigest()
    assert row["download_url"].endswith(download_url(entry))
    response = api.get(download_url(entry))
    assert response.status_code == 200
    assert ArchiveAccessLog.objects.filter(entry=entry, user=board_user).count() == 1


def test_the_api_hides_every_entry_from_a_commune(user_in_role):
    store()
    assert client_for(user_in_role("ubnd_xa")).get("/api/v1/archive-entries/").json()["count"] == 0


def test_the_board_uploads_a_new_entry_in_the_admin(client):
    user = staff_user("ban_tcd")
    client.force_login(user)
    assert (
        'enctype="multipart/form-data"'
        in client.get(reverse("admin:tiepdan_bridge_archiveentry_add")).content.decode()
    )
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 minutes", content_type="application/pdf")
    response = client.post(
        reverse("admin:tiepdan_bridge_archiveentry_add"),
        {"file": upload, "name": "", "owner_ref": "session:5"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = ArchiveEntry.objects.get()
    assert (entry.name, entry.owner_ref, entry.size) == ("bien-ban.pdf", "session:5", 16)
    assert entry.sha256 == hashlib.sha256(b"%PDF-1.7 minutes").hexdigest()
    assert entry.created_by == user
    page = client.get(reverse("admin:tiepdan_bridge_archiveentry_change", args=[entry.pk])).content.decode()
    assert entry.certificate_sha256 in page
    assert "Ủy ban nhân dân tỉnh Đồng Tháp" in page  # the signer named by its certificate
    assert download_url(entry) in page


def test_the_chairman_reads_the_archive_but_cannot_upload(client):
    client.force_login(staff_user("chu_tich"))
    assert client.get(reverse("admin:tiepdan_bridge_archiveentry_changelist")).status_code == 200
    assert client.get(reverse("admin:tiepdan_bridge_archiveentry_add")).status_code == 403
