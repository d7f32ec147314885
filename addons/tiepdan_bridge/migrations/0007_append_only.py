# The archive's entries (and now its access log) use the project's one append-only mechanism
# (tiepdan_case/append_only.py): the triggers of 0002/0004 and their function give way to the shared ones.

from django.db import migrations

from addons.tiepdan_case.append_only import install_triggers

TABLE = "tiepdan_bridge_archiveentry"
OLD_SQLITE = [
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END;",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END;",
]
OLD_POSTGRES = [
    "CREATE OR REPLACE FUNCTION tiepdan_archive_immutable() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'archive entries are immutable' USING ERRCODE = 'integrity_constraint_violation'; "
    "END; $$ LANGUAGE plpgsql;",
    f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION tiepdan_archive_immutable();",
]


def drop_old(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE}")
        schema_editor.execute("DROP FUNCTION IF EXISTS tiepdan_archive_immutable()")


def restore_old(apps, schema_editor):
    for sql in {"sqlite": OLD_SQLITE, "postgresql": OLD_POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("tiepdan_bridge", "0006_archive_access_play"),
        ("tiepdan_case", "0019_append_only"),
    ]

    operations = [
        migrations.RunPython(drop_old, restore_old),
        install_triggers("tiepdan_bridge.ArchiveEntry", "tiepdan_bridge.ArchiveAccessLog"),
    ]
