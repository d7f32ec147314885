"""One-click incident entries of the bridge module's log at a site of the running session, and their
end; the session module keeps no link: it reads the log by its sites and its running time."""

import pytest

from addons.tiepdan_bridge.models import Incident
from addons.tiepdan_case.tests.admin_helpers import staff_user

from ..services.console import session_incidents
from .common import console, people, running_session, site

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    p = people()
    s = running_session(p)
    s.people = p
    return s


def test_lost_sound_at_a_site_is_logged_and_ended(client, session):
    client.force_login(session.people["board"])
    response = console(client, session, "incident", site=site("XA-28261").pk, kind="audio")
    assert response.status_code == 200
    incident = Incident.objects.get()
    assert incident.site.code == "XA-28261" and incident.kind == "audio" and incident.ended_at is None
    assert list(session_incidents(session)) == [incident]
    assert console(client, session, "incident_end", incident=incident.pk).status_code == 200
    incident.refresh_from_db()
    assert incident.ended_at is not None and incident.recorded_by == session.people["board"]
    assert console(client, session, "incident_end", incident=incident.pk).status_code == 404  # already over


def test_a_site_outside_the_session_or_an_unknown_kind_is_a_400(client, session):
    client.force_login(session.people["board"])
    assert console(client, session, "incident", site=site("XA-28249").pk, kind="audio").status_code == 400
    assert console(client, session, "incident", site=site("XA-28261").pk, kind="smoke").status_code == 400
    assert not Incident.objects.exists()


def test_a_commune_clerk_cannot_log_incidents_from_the_console(client, session):
    client.force_login(staff_user("ubnd_xa"))
    assert console(client, session, "incident", site=site("XA-28261").pk, kind="video").status_code == 403
