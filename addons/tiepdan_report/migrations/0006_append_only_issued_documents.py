# Issued documents are append-only (tiepdan_case/append_only.py): a row is final from its insert. Nothing
# updates one — a correction is a new issue that names it in `replaces`, a draft gives way to the issued
# document the same way — so a trigger on PostgreSQL and on SQLite refuses every UPDATE and DELETE.

from django.db import migrations

from addons.tiepdan_case.append_only import install_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("tiepdan_report", "0005_refusal_notices_on_the_case"),
        ("tiepdan_case", "0025_append_only_role_grants"),  # the trigger function that knows open_while
    ]

    operations = [install_triggers("tiepdan_report.IssuedDocument")]
