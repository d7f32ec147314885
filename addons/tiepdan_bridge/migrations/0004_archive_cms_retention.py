# The archive signs with the agency's X.509 certificate (CMS/PKCS#7); entries already signed keep their
# Ed25519 signature and are marked `ed25519` (still verifiable). Retention period (20 years for the entries
# already stored) and legal holds.
#
# On SQLite, adding a column or a constraint rebuilds the table, which drops its triggers: the triggers that
# keep entries immutable (0002_archive) are created again at the end. PostgreSQL adds the columns in place
# (no UPDATE runs, so its trigger is not fired) and keeps its trigger.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TABLE = "tiepdan_bridge_archiveentry"
SQLITE_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END;",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END;",
]


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('tiepdan_bridge', '0003_user_labels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ArchiveHold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='reason')),
                ('placed_at', models.DateTimeField(verbose_name='placed at')),
                ('released_at', models.DateTimeField(blank=True, null=True, verbose_name='released at')),
                ('release_reason', models.TextField(blank=True, verbose_name='reason for the release')),
            ],
            options={
                'verbose_name': 'legal hold',
                'verbose_name_plural': 'legal holds',
                'ordering': ['-placed_at', '-id'],
                'default_permissions': ('add', 'change', 'view'),
            },
        ),
        migrations.AddField(
            model_name='archiveentry',
            name='certificate_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='certificate SHA-256 fingerprint'),
        ),
        migrations.AddField(
            model_name='archiveentry',
            name='retention_years',
            field=models.PositiveSmallIntegerField(default=20, verbose_name='retention period (years)'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='archiveentry',
            name='signature_scheme',
            field=models.CharField(choices=[('cms', "CMS/PKCS#7 with the agency's X.509 certificate"), ('ed25519', "Ed25519 (before the agency's certificate; verification only)")], default='ed25519', max_length=10, verbose_name='signature scheme'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='archiveentry',
            name='signer',
            field=models.CharField(blank=True, max_length=255, verbose_name='signer'),
        ),
        migrations.AlterField(
            model_name='archiveentry',
            name='public_key',
            field=models.CharField(blank=True, max_length=64, verbose_name='public key (Ed25519, base64)'),
        ),
        migrations.AlterField(
            model_name='archiveentry',
            name='signature',
            field=models.TextField(verbose_name='signature (base64)'),
        ),
        migrations.AddConstraint(
            model_name='archiveentry',
            constraint=models.CheckConstraint(condition=models.Q(('retention_years__gte', 1)), name='tiepdan_archive_retention_positive'),
        ),
        migrations.AddConstraint(
            model_name='archiveentry',
            constraint=models.CheckConstraint(condition=models.Q(('signature_scheme__in', ['cms', 'ed25519'])), name='tiepdan_archive_scheme_known'),
        ),
        migrations.AddField(
            model_name='archivehold',
            name='entry',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='holds', to='tiepdan_bridge.archiveentry', verbose_name='archive entry'),
        ),
        migrations.AddField(
            model_name='archivehold',
            name='placed_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='placed by'),
        ),
        migrations.AddField(
            model_name='archivehold',
            name='released_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='released by'),
        ),
        migrations.AddConstraint(
            model_name='archivehold',
            constraint=models.UniqueConstraint(condition=models.Q(('released_at__isnull', True)), fields=('entry',), name='tiepdan_archive_one_open_hold'),
        ),
        migrations.AddConstraint(
            model_name='archivehold',
            constraint=models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='tiepdan_archive_hold_reason'),
        ),
        migrations.RunPython(recreate_sqlite_triggers, recreate_sqlite_triggers),
    ]
