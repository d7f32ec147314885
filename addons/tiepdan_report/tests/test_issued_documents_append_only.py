"""An issued document is never edited or deleted (issue 12, tiepdan_case/append_only.py): not by the model,
not by a queryset, not through the admin or the API, and not by SQL (a trigger on PostgreSQL and on
SQLite). A correction is a new issue that names the old one; the old row stays as it was issued."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from addons.tiepdan_case.append_only import AppendOnlyError, append_only_models, trigger_names
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for
from addons.tiepdan_report.models import IssuedDocument

from .common import issue_url, refused_case, reissue_url

pytestmark = pytest.mark.django_db

TABLE = IssuedDocument._meta.db_table


def _issued(client):
    board = staff_user("ban_tcd")
    client.force_login(board)
    case = refused_case()
    assert client.post(issue_url("tu_choi", case)).status_code == 302
    return board, IssuedDocument.objects.get(case=case)


def _sql_refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_issued_document_table_has_its_append_only_trigger():
    assert IssuedDocument in append_only_models()
    assert trigger_names(connection, IssuedDocument)


def test_an_issued_document_cannot_be_saved_again_or_deleted_by_the_model(client):
    _board, document = _issued(client)
    document.title = "Thông báo đã sửa"
    with pytest.raises(AppendOnlyError):
        document.save()
    with pytest.raises(AppendOnlyError):
        document.delete()
    assert IssuedDocument.objects.get(pk=document.pk).title != "Thông báo đã sửa"


def test_issued_documents_cannot_be_updated_or_deleted_by_a_queryset(client):
    _board, document = _issued(client)
    with pytest.raises(AppendOnlyError):
        IssuedDocument.objects.filter(pk=document.pk).update(signed=True, signer="CN=Giả mạo")
    with pytest.raises(AppendOnlyError):
        IssuedDocument.objects.bulk_update([document], ["title"])
    with pytest.raises(AppendOnlyError):
        IssuedDocument.objects.all().delete()
    assert IssuedDocument.objects.filter(pk=document.pk, signed=False, signer="").exists()


def test_the_database_refuses_sql_that_changes_or_deletes_an_issued_document(client):
    _board, document = _issued(client)
    for sql in (
        f"UPDATE {TABLE} SET sha256 = 'forged' WHERE id = %s",
        f"UPDATE {TABLE} SET number = number + 1 WHERE id = %s",
        f"UPDATE {TABLE} SET issued_on = issued_on WHERE id = %s",
        f"DELETE FROM {TABLE} WHERE id = %s",
    ):
        _sql_refused(sql, [document.pk])
    kept = IssuedDocument.objects.get(pk=document.pk)
    assert (kept.sha256, kept.number) == (document.sha256, document.number)


def test_a_corrected_issue_is_a_new_row_and_the_old_one_stays_as_issued(client):
    _board, old = _issued(client)
    before = IssuedDocument.objects.filter(pk=old.pk).values().get()
    assert client.post(reissue_url(old)).status_code == 302
    new = IssuedDocument.objects.get(replaces=old)
    assert new.number == old.number + 1
    assert IssuedDocument.objects.filter(pk=old.pk).values().get() == before


def test_a_case_or_an_issuer_with_an_issued_document_cannot_be_deleted_with_it(client):
    board, document = _issued(client)
    with pytest.raises((ProtectedError, AppendOnlyError, DatabaseError)), transaction.atomic():
        document.issuer.delete()
    assert IssuedDocument.objects.filter(pk=document.pk).exists()


def test_the_admin_and_the_api_offer_no_change_or_delete_of_an_issued_document(client):
    board, document = _issued(client)
    board.is_superuser = True
    board.save(update_fields=["is_superuser"])
    client.force_login(board)
    change = f"/tiepdan_report/issueddocument/{document.pk}/change/"
    delete = f"/tiepdan_report/issueddocument/{document.pk}/delete/"
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {"title": "Sửa"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    api = client_for(board)
    url = f"/api/v1/documents/{document.pk}/"
    assert api.get(url).status_code == 200
    for method in (api.patch, api.put):
        assert method(url, {"title": "Sửa"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert IssuedDocument.objects.get(pk=document.pk).title == document.title
