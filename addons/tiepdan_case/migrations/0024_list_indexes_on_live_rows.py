"""The case list indexes on the live rows only (issue 13).

Soft delete (0023) came after the list indexes (0009, 0021): every `visible_to` now asks
`deleted_at IS NULL`, which none of those indexes could answer, so a commune's count read every one of its
rows from the table (54,902 heap rows, 620 ms) and a deep page sorted the whole table on disk. The same
four indexes, partial on `deleted_at IS NULL`: a count or a page of ids is an index-only scan.

0023 also added `deleted_at` to a million rows without statistics on it: the planner then guesses that
0.5 % of the rows are alive (5,000 of 1,000,000) and picks a sequential scan and a sort for every list.
ANALYZE the two tables on PostgreSQL (a few seconds; autovacuum would only do it after 10 % of the rows
change).
"""

from django.db import migrations, models


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model in ("Case", "Citizen"):
            schema_editor.execute(f"ANALYZE {apps.get_model('tiepdan_case', model)._meta.db_table}")


ALIVE = models.Q(("deleted_at__isnull", True))


class Migration(migrations.Migration):
    dependencies = [
        ("tiepdan_case", "0023_soft_delete"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(condition=ALIVE, fields=["-received_date", "-id"], name="case_alive_received"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=ALIVE, fields=["unit", "-received_date", "-id"], name="case_alive_unit_received"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=ALIVE,
                fields=["state", "case_type", "-received_date", "-id"],
                name="case_alive_state_type",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=ALIVE,
                fields=["unit", "state", "case_type", "-received_date", "-id"],
                name="case_alive_unit_state_type",
            ),
        ),
        migrations.RemoveIndex(model_name="case", name="case_received_desc"),
        migrations.RemoveIndex(model_name="case", name="case_unit_received_desc"),
        migrations.RemoveIndex(model_name="case", name="case_state_type_received"),
        migrations.RemoveIndex(model_name="case", name="case_unit_state_type_received"),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
