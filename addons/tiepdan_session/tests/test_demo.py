import pytest
from django.core.management import call_command

from ..models import ReceptionSession

pytestmark = pytest.mark.django_db


def test_load_demo_builds_sessions_in_each_state_and_a_second_run_changes_nothing(settings):
    call_command("load_demo", "--force", verbosity=0)
    states = dict(ReceptionSession.objects.values_list("state", "title"))
    assert set(states) == {"draft", "approved", "announced", "ready", "in_progress", "concluded", "closed"}
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


def test_the_demo_shows_a_session_running_and_one_concluded_with_what_the_console_captured(settings):
    from addons.tiepdan_case.models import Reception

    from ..services.minutes import minutes_confirmed, minutes_for

    call_command("load_demo", "--force", verbosity=0)
    running = ReceptionSession.objects.get(state="in_progress")
    first, second = running.agenda.order_by("order")
    assert first.outcome == "heard" and running.current_item == second
    assert running.directives.filter(issued_at__isnull=True).count() == 2
    concluded = ReceptionSession.objects.get(state="concluded")
    heard, absent = concluded.agenda.order_by("order")
    assert (heard.outcome, absent.outcome) == ("heard", "absent")
    assert Reception.objects.filter(case=heard.case, kind="dot_xuat").exists()
    assert concluded.directives.filter(issued_at__isnull=False).count() == 2
    assert minutes_confirmed(concluded)
    minutes = minutes_for(concluded)
    assert minutes["items"][0]["presentation"] and minutes["incidents"]


def test_the_demo_has_a_closed_session_with_an_archived_verified_recording_and_the_article(client):
    from django.urls import reverse

    from addons.tiepdan_bridge.services import archive

    call_command("load_demo", "--force", verbosity=0)
    closed = ReceptionSession.objects.get(state="closed")
    recording = closed.recordings.select_related("entry").get()
    assert recording.verification == "ok" and archive.verify_signature(recording.entry)
    assert recording.entry.owner_ref == f"recording:session:{closed.pk}"
    assert closed.closed_at is not None and closed.article_url.startswith("https://")
    page = client.get(reverse("tiepdan_session_public:schedule")).content.decode()
    assert closed.article_url in page


def test_the_demo_shows_the_follow_up_of_the_concluded_sessions_directives(settings):
    from ..models import Directive

    call_command("load_demo", "--force", verbosity=0)
    concluded = ReceptionSession.objects.get(state="concluded")
    states = sorted(Directive.objects.filter(session=concluded).values_list("state", flat=True))
    assert states == ["in_progress", "reported"]
    assert Directive.objects.filter(session=concluded, escalated_at__isnull=False).exists()
    call_command("load_demo", "--force", verbosity=0)
    assert Directive.objects.filter(session=concluded).count() == 2
