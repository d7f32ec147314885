"""Indexes for lists and searches at provincial scale (issue 13).

Both databases: the default orderings of cases (`-received_date, -id`, and per commune) and of the
reception register (`-received_at, -id`); the b-tree indexes of the two search columns go (a
`LIKE '%…%'` never uses them). PostgreSQL only: the pg_trgm extension and a trigram GIN index on each
accent-free search column, so `search_text LIKE '%nguyen van an%'` is an index scan; the citizen list's
Vietnamese order (`full_name COLLATE "vi-x-icu", id`). On SQLite these are skipped.
"""

from django.conf import settings
from django.db import migrations, models

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS case_search_trgm ON tiepdan_case_case USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS citizen_search_trgm ON tiepdan_case_citizen USING gin (search_text gin_trgm_ops)",
    'CREATE INDEX IF NOT EXISTS citizen_name_vi ON tiepdan_case_citizen (full_name COLLATE "vi-x-icu", id)',
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS case_search_trgm",
    "DROP INDEX IF EXISTS citizen_search_trgm",
    "DROP INDEX IF EXISTS citizen_name_vi",
]


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tiepdan_case", "0008_redacted_copies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=600),
        ),
        migrations.AlterField(
            model_name="citizen",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=400),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-received_date", "-id"], name="case_received_desc"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["unit", "-received_date", "-id"], name="case_unit_received_desc"),
        ),
        migrations.AddIndex(
            model_name="reception",
            index=models.Index(fields=["-received_at", "-id"], name="reception_received_desc"),
        ),
        migrations.RunPython(_on_postgres(POSTGRES_FORWARD), _on_postgres(POSTGRES_BACKWARD)),
    ]
