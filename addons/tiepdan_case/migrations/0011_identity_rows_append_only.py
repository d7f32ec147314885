"""On PostgreSQL a trigger refuses UPDATE and DELETE on the identity-access rows (issue 12): the access
log, the requests and the decisions. The models refuse it too (models/custody.py); this holds for raw SQL
and for any other client of the database."""

from django.db import migrations

TABLES = (
    "tiepdan_case_identityaccesslog",
    "tiepdan_case_identityaccessrequest",
    "tiepdan_case_identityaccessdecision",
)

FUNCTION = """
CREATE OR REPLACE FUNCTION tiepdan_identity_rows_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its "%" placeholders belong to RAISE, not to Python
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION tiepdan_identity_rows_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS tiepdan_identity_rows_append_only()")


class Migration(migrations.Migration):
    dependencies = [("tiepdan_case", "0010_identity_custody")]
    operations = [migrations.RunPython(forwards, backwards)]
