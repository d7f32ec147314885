"""The province-wide case counts kept by PostgreSQL (issue 13; models/tally.py).

Statement triggers with transition tables on `tiepdan_case_case`: each INSERT, UPDATE or DELETE statement
adds, per changed group, one row of +n / -n live cases (a case is live while `deleted_at IS NULL`; an
UPDATE counts its rows' old values out and new values in, so an update that moves no case between groups
adds nothing). TRUNCATE empties the tally. Then the tally is filled from the cases already there.
Nothing on SQLite: there the dashboard counts the cases themselves.
"""

import django.db.models.deletion
from django.db import migrations, models

CHANGES = {
    "INSERT": "SELECT unit_id, state, case_type, received_date, 1 AS d FROM new_rows WHERE deleted_at IS NULL",
    "DELETE": "SELECT unit_id, state, case_type, received_date, -1 AS d FROM old_rows WHERE deleted_at IS NULL",
    "UPDATE": (
        "SELECT unit_id, state, case_type, received_date, -1 AS d FROM old_rows WHERE deleted_at IS NULL "
        "UNION ALL "
        "SELECT unit_id, state, case_type, received_date, 1 AS d FROM new_rows WHERE deleted_at IS NULL"
    ),
}
ADD = """
    INSERT INTO tiepdan_report_casetally (kind, unit_id, state, case_type, month, n)
    SELECT 'u', unit_id, state, case_type, NULL, sum(d) FROM changes
        GROUP BY unit_id, state, case_type HAVING sum(d) <> 0
    UNION ALL
    SELECT 'm', NULL, '', '', date_trunc('month', received_date)::date, sum(d) FROM changes
        GROUP BY date_trunc('month', received_date)::date HAVING sum(d) <> 0;
"""
FUNCTION = f"""
CREATE OR REPLACE FUNCTION tiepdan_report_case_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM tiepdan_report_casetally;
    ELSIF TG_OP = 'INSERT' THEN
        WITH changes AS ({CHANGES["INSERT"]}) {ADD}
    ELSIF TG_OP = 'DELETE' THEN
        WITH changes AS ({CHANGES["DELETE"]}) {ADD}
    ELSE
        WITH changes AS ({CHANGES["UPDATE"]}) {ADD}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_tally_insert AFTER INSERT ON tiepdan_case_case
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tiepdan_report_case_tally();
CREATE TRIGGER case_tally_update AFTER UPDATE ON tiepdan_case_case
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tiepdan_report_case_tally();
CREATE TRIGGER case_tally_delete AFTER DELETE ON tiepdan_case_case
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tiepdan_report_case_tally();
CREATE TRIGGER case_tally_truncate AFTER TRUNCATE ON tiepdan_case_case
    FOR EACH STATEMENT EXECUTE FUNCTION tiepdan_report_case_tally();
"""
DROP = """
DROP TRIGGER IF EXISTS case_tally_insert ON tiepdan_case_case;
DROP TRIGGER IF EXISTS case_tally_update ON tiepdan_case_case;
DROP TRIGGER IF EXISTS case_tally_delete ON tiepdan_case_case;
DROP TRIGGER IF EXISTS case_tally_truncate ON tiepdan_case_case;
DROP FUNCTION IF EXISTS tiepdan_report_case_tally();
"""
FILL = f"""
DELETE FROM tiepdan_report_casetally;
WITH changes AS ({CHANGES["INSERT"].replace("new_rows", "tiepdan_case_case")}) {ADD}
"""


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(FILL)


def no_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("tiepdan_case", "0023_soft_delete"),
        ("tiepdan_report", "0005_refusal_notices_on_the_case"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(choices=[("u", "unit"), ("m", "month")], max_length=1)),
                ("state", models.CharField(blank=True, default="", max_length=50)),
                ("case_type", models.CharField(blank=True, default="", max_length=12)),
                ("month", models.DateField(null=True)),
                ("n", models.BigIntegerField()),
                (
                    "unit",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tiepdan_case.administrativeunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "case tally",
                "default_permissions": (),
                "indexes": [models.Index(fields=["kind", "month"], name="case_tally_kind_month")],
            },
        ),
        migrations.RunPython(triggers, no_triggers),
    ]
