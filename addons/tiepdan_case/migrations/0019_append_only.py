# Append-only history (issue 12, tiepdan_case/append_only.py): history rows, the identity-access log,
# requests and decisions, and sent messages refuse UPDATE and DELETE in the database, on PostgreSQL and on
# SQLite. The custody rows' own trigger function of 0011 gives way to the shared one. A history row keeps
# who wrote it, and a message its recipient (PROTECT: SET NULL and CASCADE would change or delete them).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from addons.tiepdan_case.append_only import install_triggers

OLD_FUNCTION = "tiepdan_identity_rows_append_only"
CUSTODY_TABLES = (
    "tiepdan_case_identityaccesslog",
    "tiepdan_case_identityaccessrequest",
    "tiepdan_case_identityaccessdecision",
)


def drop_old_function(apps, schema_editor):
    # 0011's triggers had the shared name ({table}_append_only) and were replaced by install_triggers.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {OLD_FUNCTION}()")


def restore_old_function(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {OLD_FUNCTION}() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP; END; $$ LANGUAGE plpgsql;",
        params=None,
    )
    for table in CUSTODY_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {OLD_FUNCTION}()"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tiepdan_case", "0018_role_grant_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recipient",
            ),
        ),
        install_triggers(
            "tiepdan_case.AuditEvent",
            "tiepdan_case.IdentityAccessLog",
            "tiepdan_case.IdentityAccessRequest",
            "tiepdan_case.IdentityAccessDecision",
            "tiepdan_case.Notification",
        ),
        migrations.RunPython(drop_old_function, restore_old_function),
    ]
