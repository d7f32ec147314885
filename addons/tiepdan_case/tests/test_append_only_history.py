"""Append-only history (issue 12): history rows, identity-access rows, signed archive entries and sent
messages are never changed or deleted — not by the model, not by a queryset, not through the admin or the
API, and not by SQL (a trigger on PostgreSQL and on SQLite). Messages still being delivered do move, and
a reader still marks a sent notice read, once."""

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from addons.tiepdan_case import append_only
from addons.tiepdan_case.models import (
    AuditEvent,
    Case,
    IdentityAccessDecision,
    IdentityAccessLog,
    IdentityAccessRequest,
    Notification,
)
from addons.tiepdan_case.models.deletion import HardDeleteRefused
from addons.tiepdan_case.services import custody, delivery
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.notifications import mark_read, notify_address, notify_users
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

AppendOnlyError = append_only.AppendOnlyError


def _event(actor=None):
    return record_event(CaseFactory(), actor, "note", action="note", note="Ghi chú")


def _sent_notice(user):
    notify_users([user], subject="Lịch tiếp", body="Nội dung", key="lich")
    return Notification.objects.get(user=user, channel="in_app")


def _superuser(role):
    user = staff_user(role)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def _sql_refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


# --- every append-only table has its trigger ----------------------------------------------------------


def test_every_append_only_table_has_its_trigger_after_migrate():
    names = {m._meta.label for m in append_only.append_only_models()}
    assert {
        "tiepdan_case.AuditEvent",
        "tiepdan_case.IdentityAccessLog",
        "tiepdan_case.IdentityAccessRequest",
        "tiepdan_case.IdentityAccessDecision",
        "tiepdan_case.Notification",
        "tiepdan_bridge.ArchiveEntry",
        "tiepdan_bridge.ArchiveAccessLog",
        "tiepdan_case.RoleGrantRequest",
        "tiepdan_report.IssuedDocument",
    } <= names
    for model in append_only.append_only_models():
        assert append_only.trigger_names(connection, model), model._meta.label


# --- history rows ---------------------------------------------------------------------------------------


def test_a_history_row_cannot_be_saved_again_or_deleted_by_the_model():
    event = _event()
    event.note = "Sửa lịch sử"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["note"])
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).note == "Ghi chú"


def test_a_copy_of_a_history_row_with_its_id_cannot_overwrite_it():
    event = _event()
    forged = AuditEvent.objects.get(pk=event.pk)
    forged._state.adding, forged.note = True, "Giả mạo"
    with pytest.raises((AppendOnlyError, DatabaseError)), transaction.atomic():
        forged.save()
    assert AuditEvent.objects.get(pk=event.pk).note == "Ghi chú"


def test_history_rows_cannot_be_updated_or_deleted_by_a_queryset():
    event = _event()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["note"])
    assert AuditEvent.objects.filter(pk=event.pk, note="Ghi chú").exists()


@pytest.mark.parametrize(
    "model", [AuditEvent, IdentityAccessLog, IdentityAccessRequest, IdentityAccessDecision]
)
def test_the_database_refuses_sql_that_changes_or_deletes_history(model):
    case = CaseFactory(case_type="to_cao")
    asker, custodian = staff_user("thanh_tra"), staff_user("chu_tich")
    record_event(case, asker, "note", note="Ghi chú")
    IdentityAccessLog.objects.create(case=case, user=asker, channel="admin")
    access = custody.request_access(asker, case, "Cần xác minh nhân thân")
    custody.decide(custodian, access, granted=False, reason="Chưa cần thiết lúc này")
    table = model._meta.db_table
    assert model.objects.exists()
    _sql_refused(f"UPDATE {table} SET id = id", [])
    _sql_refused(f"DELETE FROM {table}", [])
    assert model.objects.exists()


def test_deleting_a_case_or_a_user_with_history_is_refused_and_the_history_stays():
    actor = staff_user("ban_tcd")
    event = _event(actor)
    with pytest.raises((ProtectedError, AppendOnlyError)), transaction.atomic():
        actor.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor == actor
    case = CaseFactory(case_type="to_cao")
    IdentityAccessLog.objects.create(case=case, user=actor, channel="admin")
    # A case refuses the hard delete itself (soft delete, issue 12), before the database is asked.
    with (
        pytest.raises((ProtectedError, AppendOnlyError, DatabaseError, HardDeleteRefused)),
        transaction.atomic(),
    ):
        Case.objects.filter(pk=case.pk).delete()
    assert IdentityAccessLog.objects.filter(case=case).exists()


def test_the_admin_offers_no_change_or_delete_of_history(client):
    event = _event()
    admin_user = _superuser("quan_tri")
    client.force_login(admin_user)
    change = reverse("admin:tiepdan_case_auditevent_change", args=[event.pk])
    delete = reverse("admin:tiepdan_case_auditevent_delete", args=[event.pk])
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {"note": "Sửa", "kind": "note"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:tiepdan_case_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.filter(pk=event.pk, note="Ghi chú").exists()
    log = IdentityAccessLog.objects.create(case=CaseFactory(), user=admin_user, channel="admin")
    for name in ("change", "delete"):
        url = reverse(f"admin:tiepdan_case_identityaccesslog_{name}", args=[log.pk])
        assert client.post(url, {"post": "yes", "channel": "x"}).status_code in (403, 404)
    assert IdentityAccessLog.objects.filter(pk=log.pk, channel="admin").exists()


# --- sent messages --------------------------------------------------------------------------------------


def test_a_sent_message_cannot_be_changed_or_deleted_by_the_model_or_a_queryset():
    notice = _sent_notice(staff_user("ubnd_xa"))
    notice.subject = "Đổi nội dung"
    with pytest.raises(AppendOnlyError):
        notice.save()
    with pytest.raises(AppendOnlyError):
        notice.delete()
    with pytest.raises(AppendOnlyError):
        Notification.objects.filter(pk=notice.pk).update(subject="x")
    with pytest.raises(AppendOnlyError):
        Notification.objects.filter(pk=notice.pk).delete()
    assert Notification.objects.get(pk=notice.pk).subject == "Lịch tiếp"


def test_a_reader_marks_a_sent_notice_read_once_and_the_time_then_stays():
    reader = staff_user("ubnd_xa")
    notice = _sent_notice(reader)
    assert mark_read(reader, [notice.pk]) == 1
    read_at = Notification.objects.get(pk=notice.pk).read_at
    assert read_at is not None
    with pytest.raises(AppendOnlyError):
        Notification.objects.filter(pk=notice.pk).update(read_at=None)
    table = Notification._meta.db_table
    _sql_refused(f"UPDATE {table} SET read_at = NULL WHERE id = %s", [notice.pk])
    assert Notification.objects.get(pk=notice.pk).read_at == read_at


def test_the_database_refuses_sql_that_changes_or_deletes_a_sent_message(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    table = Notification._meta.db_table
    row = notify_address("email", "vanthu@sotuphap.dongthap.gov.vn", subject="Mời họp", body="...", key="m")
    # While pending, the worker moves its delivery fields (the trigger lets it).
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET attempts = 1, last_error = 'timeout' WHERE id = %s", [row.pk])
    assert delivery.deliver_due().sent == [row.pk]
    assert len(mail.outbox) == 1
    for sql in (
        f"UPDATE {table} SET body = 'forged' WHERE id = %s",
        f"UPDATE {table} SET status = 'pending' WHERE id = %s",
        f"UPDATE {table} SET address = 'other@example.org' WHERE id = %s",
        f"UPDATE {table} SET read_at = CURRENT_TIMESTAMP, subject = 'x' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        _sql_refused(sql, [row.pk])
    sent = Notification.objects.get(pk=row.pk)
    assert (sent.status, sent.body, sent.attempts) == ("sent", "...", 2)


def test_a_message_not_yet_sent_may_still_be_deleted_in_the_database():
    row = notify_address("sms", "0912345678", subject="Giấy mời", body="...", key="p")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Notification._meta.db_table} WHERE id = %s", [row.pk])
    assert not Notification.objects.filter(pk=row.pk).exists()


def test_a_failed_message_is_resent_and_delivered_through_the_admin(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = notify_address("email", "vanthu@sotuphap.dongthap.gov.vn", subject="Mời họp", body="...", key="r")
    Notification.objects.filter(pk=row.pk).update(status="failed", attempts=8, next_attempt_at=None)
    client.force_login(staff_user("ban_tcd"))
    url = reverse("admin:tiepdan_case_notification_resend_one", args=[row.pk])
    assert client.post(url).status_code == 302
    assert delivery.deliver_due().sent == [row.pk]
    assert Notification.objects.get(pk=row.pk).status == "sent"


def test_the_admin_and_the_api_offer_no_change_or_delete_of_a_message(client):
    board = _superuser("ban_tcd")
    notice = _sent_notice(staff_user("ubnd_xa"))
    client.force_login(board)
    for name in ("change", "delete"):
        url = reverse(f"admin:tiepdan_case_notification_{name}", args=[notice.pk])
        assert client.post(url, {"post": "yes", "subject": "x"}).status_code == 403
    api = client_for(board)
    url = f"/api/v1/notifications/{notice.pk}/"
    assert api.get(url).status_code == 200
    assert api.patch(url, {"subject": "x"}, format="json").status_code == 405
    assert api.put(url, {"subject": "x"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert Notification.objects.get(pk=notice.pk).subject == "Lịch tiếp"


def test_a_user_who_received_messages_cannot_be_deleted_with_them():
    reader = staff_user("ubnd_xa")
    notice = _sent_notice(reader)
    with pytest.raises((ProtectedError, AppendOnlyError)), transaction.atomic():
        reader.delete()
    assert Notification.objects.filter(pk=notice.pk).exists()


def test_a_deletion_cascading_from_another_row_is_refused_before_the_database_is_asked():
    # What Django does for an on_delete=CASCADE foreign key: it collects the rows and deletes them without
    # calling their delete(). The pre_delete check refuses it with the model's own error.
    from django.db.models.deletion import Collector

    notice = _sent_notice(staff_user("ubnd_xa"))
    for row in (notice, _event()):
        collector = Collector(using="default")
        collector.collect([row])
        with pytest.raises(AppendOnlyError), transaction.atomic():
            collector.delete()
        assert type(row).objects.filter(pk=row.pk).exists()
