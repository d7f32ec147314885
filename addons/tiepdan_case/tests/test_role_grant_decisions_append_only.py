"""A decision on a role grant request is recorded once and never rewritten (issue 12,
tiepdan_case/append_only.py, rule `open_while`): while the request waits, the one decision moves it out
of "pending"; once approved or refused, no model save, queryset, admin page, API call or SQL statement
changes or deletes it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..append_only import AppendOnlyError, append_only_models, trigger_names
from ..models import RoleGrantRequest
from ..services import role_grants
from .admin_helpers import staff_user
from .api_support import API, client_for

pytestmark = pytest.mark.django_db

TABLE = RoleGrantRequest._meta.db_table


@pytest.fixture
def people(db):
    return {"admin": staff_user("quan_tri"), "office": staff_user("vp_ubnd"), "clerk": staff_user("so_khcn")}


def _requested(people):
    return role_grants.request_role_grant(
        people["admin"], people["clerk"], "ban_tcd", reason="Chuyển công tác"
    )


def _refused(people):
    return role_grants.refuse_role_grant(people["office"], _requested(people), note="Chưa đủ căn cứ")


def _sql_refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_role_grant_table_has_its_append_only_trigger():
    assert RoleGrantRequest in append_only_models()
    assert trigger_names(connection, RoleGrantRequest)


def test_the_decision_of_a_pending_request_is_recorded_through_the_api(people):
    grant = _requested(people)
    response = client_for(people["office"]).post(
        f"{API}/role-grants/{grant.pk}/approve/", {"note": "Đồng ý"}, format="json"
    )
    assert response.status_code == 200
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by, grant.decision_note) == ("approved", people["office"], "Đồng ý")


def test_a_decided_request_cannot_be_saved_again_or_deleted_by_the_model(people):
    grant = _refused(people)
    grant.state, grant.decision_note = "approved", "Đã xem lại"
    with pytest.raises(AppendOnlyError):
        grant.save()
    with pytest.raises(AppendOnlyError):
        grant.delete()
    assert RoleGrantRequest.objects.get(pk=grant.pk).state == "refused"


def test_a_decided_request_cannot_be_rewritten_or_deleted_by_a_queryset(people):
    grant = _refused(people)
    with pytest.raises(AppendOnlyError):
        RoleGrantRequest.objects.filter(pk=grant.pk).update(decision_note="")
    with pytest.raises(AppendOnlyError):
        RoleGrantRequest.objects.bulk_update([grant], ["state"])
    with pytest.raises(AppendOnlyError):
        RoleGrantRequest.objects.all().delete()
    assert RoleGrantRequest.objects.filter(pk=grant.pk, decision_note="Chưa đủ căn cứ").exists()


def test_the_database_refuses_sql_that_rewrites_or_deletes_a_decision(people):
    grant = _refused(people)
    for sql, params in (
        (f"UPDATE {TABLE} SET state = 'approved' WHERE id = %s", [grant.pk]),
        (
            f"UPDATE {TABLE} SET state = 'pending', decided_by_id = NULL, decided_at = NULL WHERE id = %s",
            [grant.pk],
        ),
        (f"UPDATE {TABLE} SET decided_at = %s WHERE id = %s", [timezone.now(), grant.pk]),
        (f"UPDATE {TABLE} SET reason = 'x' WHERE id = %s", [grant.pk]),
        (f"DELETE FROM {TABLE} WHERE id = %s", [grant.pk]),
    ):
        _sql_refused(sql, params)
    kept = RoleGrantRequest.objects.get(pk=grant.pk)
    assert (kept.state, kept.decided_by, kept.decision_note) == (
        "refused",
        people["office"],
        "Chưa đủ căn cứ",
    )


def test_a_second_decision_on_a_decided_request_is_refused_through_the_admin_and_the_api(client, people):
    grant = _refused(people)
    other = staff_user("quan_tri")
    response = client_for(other).post(f"{API}/role-grants/{grant.pk}/approve/", {"note": "x"}, format="json")
    assert response.status_code == 409
    client.force_login(other)
    url = f"/tiepdan_case/rolegrantrequest/{grant.pk}/change/"
    assert client.post(url, {"decision": "approve", "note": "x"}).status_code == 403
    assert (
        client.post(f"/tiepdan_case/rolegrantrequest/{grant.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert RoleGrantRequest.objects.get(pk=grant.pk).state == "refused"
    assert not people["clerk"].groups.filter(name="ban_tcd").exists()
