"""quan_tri manages the archive's storage (lists, stores, verifies) but never downloads or plays a recording
(NĐ 154 art. 24; issue 7)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from addons.tiepdan_bridge.models import ArchiveAccessLog, ArchiveEntry
from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.tests.archive_support import archive_settings, store  # noqa: F401
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def test_the_system_administrator_is_refused_the_download_and_nothing_is_logged(client):
    entry = store(b"recording bytes")
    client.force_login(staff_user("quan_tri"))
    response = client.get(reverse("tiepdan_archive:download", args=[entry.pk]))
    assert response.status_code == 403
    assert not ArchiveAccessLog.objects.exists()


def test_a_superuser_without_a_reading_role_is_refused_too(client, django_user_model):
    entry = store(b"recording bytes")
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    assert client.get(reverse("tiepdan_archive:download", args=[entry.pk])).status_code == 403
    assert not archive_service.can_read_content(django_user_model.objects.get(username="root"))


def test_the_api_gives_the_system_administrator_metadata_without_a_download_url_and_the_token_fails():
    entry = store(b"abc")
    admin = staff_user("quan_tri")
    api = client_for(admin)
    row = api.get(f"/api/v1/archive-entries/{entry.pk}/").json()
    assert row["sha256"] == entry.sha256 and row["signature_valid"] is True
    assert row["download_url"] is None
    assert api.get(reverse("tiepdan_archive:download", args=[entry.pk])).status_code == 403
    board = client_for(staff_user("ban_tcd")).get(f"/api/v1/archive-entries/{entry.pk}/").json()
    assert board["download_url"].endswith(reverse("tiepdan_archive:download", args=[entry.pk]))


def test_the_admin_shows_the_system_administrator_no_download_link_but_lets_them_store_and_verify(client):
    entry = store(b"abc")
    client.force_login(staff_user("quan_tri"))
    url = reverse("tiepdan_archive:download", args=[entry.pk])
    listing = client.get(reverse("admin:tiepdan_bridge_archiveentry_changelist")).content.decode()
    assert entry.name in listing and url not in listing
    page = client.get(reverse("admin:tiepdan_bridge_archiveentry_change", args=[entry.pk])).content.decode()
    assert url not in page and entry.sha256 in page
    upload = SimpleUploadedFile("ghi-hinh-2.mp4", b"more bytes", content_type="video/mp4")
    response = client.post(
        reverse("admin:tiepdan_bridge_archiveentry_add"),
        {"file": upload, "name": "", "owner_ref": "session:7"},
    )
    assert response.status_code == 302
    assert ArchiveEntry.objects.count() == 2
    assert archive_service.verify_all().problems == 0


def test_the_entry_page_offers_quan_tri_no_legal_hold_it_may_not_place(client):
    entry = store(b"recording bytes")
    client.force_login(staff_user("quan_tri"))
    page = client.get(reverse("admin:tiepdan_bridge_archiveentry_change", args=[entry.pk])).content.decode()
    assert reverse("admin:tiepdan_bridge_archivehold_add") not in page
    client.force_login(staff_user("vp_ubnd"))
    page = client.get(reverse("admin:tiepdan_bridge_archiveentry_change", args=[entry.pk])).content.decode()
    assert reverse("admin:tiepdan_bridge_archivehold_add") in page
