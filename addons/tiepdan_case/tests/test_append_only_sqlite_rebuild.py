"""SQLite rebuilds a table to alter one of its columns and drops the table's triggers with it: every
`migrate` puts the append-only triggers back (post_migrate, append_only.recreate_sqlite_triggers), so a
later migration of a history table cannot quietly leave it writable. PostgreSQL keeps triggers through
ALTER TABLE."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction

from addons.tiepdan_case import append_only
from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table rebuild")


def _action_field(max_length):
    field = models.CharField("action", max_length=max_length, blank=True)
    field.set_attributes_from_name("action")
    field.model = AuditEvent
    return field


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the reference data
def test_a_migration_that_rebuilds_a_history_table_on_sqlite_gets_its_triggers_back():
    old, wider = AuditEvent._meta.get_field("action"), _action_field(60)
    assert append_only.trigger_names(connection, AuditEvent)
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(AuditEvent, old, wider)  # what an AlterField migration does on SQLite
        assert append_only.trigger_names(connection, AuditEvent) == []

        call_command("migrate", verbosity=0, interactive=False)

        assert len(append_only.trigger_names(connection, AuditEvent)) == 2
        event = record_event(CaseFactory(), None, "note", note="Sau khi đổi bảng")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET note = 'x' WHERE id = %s", [event.pk])
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(AuditEvent, wider, old)
        append_only.recreate_sqlite_triggers()
