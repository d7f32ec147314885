from django.db import migrations


def forwards(apps, schema_editor):
    from addons.tiepdan_case.data.reference import load_all

    load_all(apps)


class Migration(migrations.Migration):
    dependencies = [("tiepdan_case", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
