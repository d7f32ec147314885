"""`Citizen.only_in_secret_cases` leaves deleted cases out (issue 13 review): a citizen known openly only
through a case that was deleted is known only through their denunciations. Recomputed here for the
people of the cases deleted before the model kept it on delete and restore (models.case.refresh_secret_only);
everyone else's flag is unchanged."""

from django.db import migrations
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q


def recompute(apps, schema_editor):
    Case = apps.get_model("tiepdan_case", "Case")
    CaseParticipant = apps.get_model("tiepdan_case", "CaseParticipant")
    Citizen = apps.get_model("tiepdan_case", "Citizen")
    deleted = Case.objects.filter(deleted_at__isnull=False).values("pk")
    ids = CaseParticipant.objects.filter(case_id__in=deleted).values("citizen_id")
    secret = Q(case__case_type="to_cao")  # scoping.secret_identity_q("case__")
    theirs = CaseParticipant.objects.filter(citizen_id=OuterRef("pk"))
    openly = theirs.filter(case__deleted_at__isnull=True).exclude(secret)
    flag = ExpressionWrapper(Exists(theirs.filter(secret)) & ~Exists(openly), output_field=BooleanField())
    Citizen.objects.filter(pk__in=ids).update(only_in_secret_cases=flag)


class Migration(migrations.Migration):
    dependencies = [("tiepdan_case", "0025_append_only_role_grants")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
