import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from addons.tiepdan_bridge.models import ArchiveEntry, ArchiveImmutableError
from addons.tiepdan_bridge.tests.archive_support import archive_settings, store  # noqa: F401
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def unchanged(entry):
    fresh = ArchiveEntry.objects.get(pk=entry.pk)
    return (fresh.name, fresh.owner_ref, fresh.sha256) == (entry.name, entry.owner_ref, entry.sha256)


def test_model_save_of_an_existing_entry_is_refused():
    entry = store()
    entry.name = "renamed"
    with pytest.raises(ArchiveImmutableError):
        entry.save()
    with pytest.raises(ArchiveImmutableError):
        entry.save(update_fields=["name"])
    entry.name = "ghi-hinh.mp4"
    assert unchanged(entry)


def test_a_copy_with_the_same_primary_key_cannot_overwrite_the_row():
    entry = store()
    fake = ArchiveEntry.objects.get(pk=entry.pk)
    fake._state.adding = True
    fake.name = "forged"
    with pytest.raises((ArchiveImmutableError, IntegrityError)):
        with transaction.atomic():
            fake.save()
    entry.refresh_from_db()
    assert entry.name == "ghi-hinh.mp4"


def test_model_delete_is_refused():
    entry = store()
    with pytest.raises(ArchiveImmutableError):
        entry.delete()
    assert ArchiveEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_delete_and_bulk_update_are_refused():
    entry = store()
    with pytest.raises(ArchiveImmutableError):
        ArchiveEntry.objects.filter(pk=entry.pk).update(name="x")
    with pytest.raises(ArchiveImmutableError):
        ArchiveEntry.objects.all().delete()
    with pytest.raises(ArchiveImmutableError):
        ArchiveEntry.objects.bulk_update([entry], ["name"])
    assert unchanged(entry)


def test_the_database_itself_refuses_update_and_delete():
    entry = store()
    table = ArchiveEntry._meta.db_table
    for sql in (f"UPDATE {table} SET name = 'forged' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="immutable"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert unchanged(entry)


def test_the_admin_refuses_change_and_delete(client):
    entry = store()
    client.force_login(staff_user("quan_tri"))
    change_url = reverse("admin:tiepdan_bridge_archiveentry_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200  # read only view
    assert entry.sha256 in page.content.decode()
    assert client.post(change_url, {"name": "forged", "owner_ref": "session:1"}).status_code == 403
    delete_url = reverse("admin:tiepdan_bridge_archiveentry_delete", args=[entry.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:tiepdan_bridge_archiveentry_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302, 403)
    assert unchanged(entry)


def test_the_api_is_read_only():
    entry = store()
    api = client_for(staff_user("quan_tri"))
    url = f"/api/v1/archive-entries/{entry.pk}/"
    assert api.get(url).status_code == 200
    assert api.put(url, {"name": "x"}, format="json").status_code in (403, 405)
    assert api.patch(url, {"name": "x"}, format="json").status_code in (403, 405)
    assert api.delete(url).status_code in (403, 405)
    assert api.post("/api/v1/archive-entries/", {"name": "x"}, format="json").status_code in (403, 405)
    assert unchanged(entry)
