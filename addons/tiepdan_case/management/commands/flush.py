"""Django's `flush`, able to empty append-only tables (issue 12).

PostgreSQL empties tables with TRUNCATE, which fires no row trigger. SQLite empties them with DELETE, which
the append-only triggers refuse: they are lifted for the flush and always put back (append_only.suspended).
The test runner's teardown of transactional tests calls this command."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from ... import append_only


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        existing = set(connection.introspection.table_names())
        models = [m for m in append_only.append_only_models() if m._meta.db_table in existing]
        with append_only.suspended(connection, models):
            return super().handle(**options)
