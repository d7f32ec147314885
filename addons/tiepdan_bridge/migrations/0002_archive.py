# The signed archive: ArchiveEntry (immutable, also at database level) and ArchiveAccessLog.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "tiepdan_bridge_archiveentry"

SQLITE_UP = [
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END;",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END;",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;"]

POSTGRES_UP = [
    "CREATE OR REPLACE FUNCTION tiepdan_archive_immutable() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'archive entries are immutable' USING ERRCODE = 'integrity_constraint_violation'; "
    "END; $$ LANGUAGE plpgsql;",
    f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION tiepdan_archive_immutable();",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE};",
    "DROP FUNCTION IF EXISTS tiepdan_archive_immutable();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("tiepdan_bridge", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255, verbose_name="name")),
                ("original_name", models.CharField(max_length=255, verbose_name="original file name")),
                ("size", models.PositiveBigIntegerField(verbose_name="size (bytes)")),
                ("sha256", models.CharField(db_index=True, max_length=64, verbose_name="SHA-256")),
                ("signature", models.TextField(verbose_name="signature (Ed25519, base64)")),
                ("public_key", models.CharField(max_length=64, verbose_name="public key (Ed25519, base64)")),
                ("signed_at", models.DateTimeField(db_index=True, verbose_name="signed at")),
                (
                    "owner_ref",
                    models.CharField(
                        db_index=True,
                        help_text='A reference such as "session:12".',
                        max_length=100,
                        verbose_name="belongs to",
                    ),
                ),
                (
                    "content_type",
                    models.CharField(default="application/octet-stream", max_length=120, verbose_name="content type"),
                ),
                (
                    "storage_key",
                    models.CharField(editable=False, max_length=255, unique=True, verbose_name="storage key"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="stored by",
                    ),
                ),
            ],
            options={
                "verbose_name": "archive entry",
                "verbose_name_plural": "signed archive",
                "ordering": ["-signed_at", "-id"],
                "default_permissions": ("add", "view"),
                "indexes": [models.Index(fields=["original_name", "sha256"], name="tiepdan_archive_orig_sha_idx")],
            },
        ),
        migrations.CreateModel(
            name="ArchiveAccessLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at")),
                (
                    "action",
                    models.CharField(
                        choices=[("download", "Downloaded")], default="download", max_length=20, verbose_name="action"
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accesses",
                        to="tiepdan_bridge.archiveentry",
                        verbose_name="archive entry",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "archive access",
                "verbose_name_plural": "archive access log",
                "ordering": ["-at", "-id"],
                "default_permissions": ("add", "view"),
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
