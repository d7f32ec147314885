"""Emptying the whole database still works with append-only tables (the teardown of every transactional
test does it): PostgreSQL's TRUNCATE fires no row trigger; on SQLite the `flush` command lifts the
triggers for its DELETEs. The triggers are back afterwards."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from addons.tiepdan_case import append_only
from addons.tiepdan_case.models import AuditEvent, IdentityAccessLog, Notification
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.notifications import notify_users
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the reference data
def test_a_flush_empties_the_append_only_tables_and_keeps_their_triggers():
    user = staff_user("ban_tcd")
    case = CaseFactory()
    record_event(case, user, "note", note="Ghi chú")
    IdentityAccessLog.objects.create(case=case, user=user, channel="admin")
    notify_users([user], subject="Lịch tiếp", body="...", key="k")
    assert Notification.objects.filter(status="sent").exists()

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()
    assert not IdentityAccessLog.objects.exists()
    assert not Notification.objects.exists()
    for model in append_only.append_only_models():
        assert append_only.trigger_names(connection, model), model._meta.label
    event = record_event(CaseFactory(), None, "note", note="Sau khi làm sạch")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [event.pk])
