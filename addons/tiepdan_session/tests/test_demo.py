import pytest
from django.core.management import call_command

from ..models import ReceptionSession

pytestmark = pytest.mark.django_db


def test_load_demo_builds_sessions_in_each_state_of_part_one_a_held_one_and_a_second_run_changes_nothing(
    settings,
):
    call_command("load_demo", "--force", verbosity=0)
    states = dict(ReceptionSession.objects.values_list("state", "title"))
    assert set(states) == {"draft", "approved", "announced", "ready", "concluded"}  # + the held one
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


def test_load_demo_builds_a_held_session_with_directives_in_every_stage(settings):
    from ..models import Directive

    call_command("load_demo", "--force", verbosity=0)
    held = ReceptionSession.objects.get(state="concluded")
    states = sorted(Directive.objects.filter(session=held).values_list("state", flat=True))
    assert states == ["in_progress", "in_progress", "open", "reported"]
    assert Directive.objects.filter(session=held, escalated_at__isnull=False).exists()
    assert set(held.agenda.values_list("case__state", flat=True)) == {"following_up"}
    call_command("load_demo", "--force", verbosity=0)
    assert Directive.objects.count() == 4
