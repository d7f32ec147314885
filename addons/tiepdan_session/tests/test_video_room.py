"""On approval each session gets its room from the bridge video adapters; the embed and the join link go
only to users who may join the session's site, never into a list or an API field."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from .common import accepted_case, approved_session, people, prepared_session, session_url

pytestmark = pytest.mark.django_db


def test_approval_creates_a_jitsi_room_with_an_unguessable_name(settings):
    settings.VIDEO_PROVIDER, settings.JITSI_DOMAIN = "jitsi", "meet.dongthap.gov.vn"
    p = people()
    session = prepared_session(p)
    assert not session.video_room
    from ..services import workflow

    workflow.perform(p["chair"], session.pk, "approve")
    session.refresh_from_db()
    assert session.video_provider == "jitsi" and session.video_room.startswith("tcd-session-")
    assert (
        len(session.video_room) > 40
        and session.video_url == f"https://meet.dongthap.gov.vn/{session.video_room}"
    )


@pytest.mark.parametrize(
    ("role", "commune", "joins"),
    [
        ("ban_tcd", None, True),
        ("chu_tich", None, True),
        ("so_khcn", None, True),
        ("ubnd_xa", MY_THO, True),
        ("ubnd_xa", DAO_THANH, False),
        ("dien_luc", None, False),
        ("thanh_tra", None, False),
        ("lanh_dao", None, False),
    ],
)
def test_only_users_who_may_join_get_the_embed(client, settings, role, commune, joins):
    settings.VIDEO_PROVIDER, settings.JITSI_DOMAIN = "jitsi", "meet.dongthap.gov.vn"
    p = people()
    session = approved_session(p, cases=[accepted_case(MY_THO)])
    user = staff_user(role, commune=commune) if commune else staff_user(role)
    client.force_login(user)
    response = client.get(session_url(session))
    body = response.content.decode() if response.status_code == 200 else ""
    assert (session.video_room in body) == joins, (role, commune)
    assert ("meet.dongthap.gov.vn/external_api.js" in body) == joins
    api = client.get(f"/api/v1/sessions/{session.pk}/")
    if api.status_code == 200:
        assert session.video_room not in api.content.decode()
    listing = (
        client.get("/api/v1/sessions/").content.decode()
        + client.get("/tiepdan_session/receptionsession/").content.decode()
    )
    assert session.video_room not in listing


def test_an_external_meeting_link_is_shown_as_a_link_to_those_who_join(client):
    p = people()
    session = prepared_session(p, external_meeting_url="https://hop.dongthap.gov.vn/phong/tcd-12")
    from ..services import workflow

    workflow.perform(p["chair"], session.pk, "approve")
    session.refresh_from_db()
    assert session.video_provider == "external"
    client.force_login(p["board"])
    assert (
        'id="video-join-link" href="https://hop.dongthap.gov.vn/phong/tcd-12"'
        in client.get(session_url(session)).content.decode()
    )
    client.force_login(staff_user("thanh_tra"))
    assert "hop.dongthap.gov.vn/phong" not in client.get(session_url(session)).content.decode()


def test_the_external_link_is_no_field_of_the_api_for_readers(client):
    p = people()
    session = prepared_session(p, external_meeting_url="https://hop.dongthap.gov.vn/phong/tcd-13")
    client.force_login(staff_user("thanh_tra"))
    assert "hop.dongthap.gov.vn" not in client.get(f"/api/v1/sessions/{session.pk}/").content.decode()
    assert "hop.dongthap.gov.vn" not in client.get("/api/v1/sessions/").content.decode()
