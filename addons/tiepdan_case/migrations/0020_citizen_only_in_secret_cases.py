"""`Citizen.only_in_secret_cases` (issue 13): the citizens a reader of every case who does not handle them
all reaches only through a case open to them, stored instead of two EXISTS over every participation per
list. Computed here for the citizens already registered, in one UPDATE (about 10 s at 300,000 citizens and
1.6 million participations); kept since by `models.case.refresh_secret_only`."""

from django.db import migrations, models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

SECRET = Q(case__case_type="to_cao")  # scoping.secret_identity_q("case__") when this was written


def compute(apps, schema_editor):
    Citizen = apps.get_model("tiepdan_case", "Citizen")
    CaseParticipant = apps.get_model("tiepdan_case", "CaseParticipant")
    theirs = CaseParticipant.objects.filter(citizen_id=OuterRef("pk"))
    Citizen.objects.filter(Exists(theirs.filter(SECRET))).update(
        only_in_secret_cases=ExpressionWrapper(~Exists(theirs.exclude(SECRET)), output_field=BooleanField())
    )


class Migration(migrations.Migration):
    dependencies = [("tiepdan_case", "0019_append_only")]

    operations = [
        migrations.AddField(
            model_name="citizen",
            name="only_in_secret_cases",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(compute, migrations.RunPython.noop),
    ]
