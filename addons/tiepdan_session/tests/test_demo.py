import pytest
from django.core.management import call_command

from ..models import ReceptionSession

pytestmark = pytest.mark.django_db


def test_load_demo_builds_sessions_in_each_state_of_part_one_and_a_second_run_changes_nothing(settings):
    call_command("load_demo", "--force", verbosity=0)
    states = dict(ReceptionSession.objects.values_list("state", "title"))
    assert set(states) == {"draft", "approved", "announced", "ready"}
    for session in ReceptionSession.objects.all():
        assert session.agenda.count() == 2, session.title
        assert {s.site.code for s in session.component_sites.select_related("site")} == {
            "XA-28261",
            "XA-28249",
        }
    announced = ReceptionSession.objects.get(state="announced")
    assert set(announced.invitations.values_list("status", flat=True)) == {"confirmed"}
    assert set(announced.agenda.values_list("case__state", flat=True)) == {"scheduled"}
    counts = (ReceptionSession.objects.count(), sum(s.agenda.count() for s in ReceptionSession.objects.all()))
    call_command("load_demo", "--force", verbosity=0)
    assert (
        ReceptionSession.objects.count(),
        sum(s.agenda.count() for s in ReceptionSession.objects.all()),
    ) == counts
