"""Every playback and download of a session's recording goes through a permission-checked view and is
logged; quan_tri keeps the archive but reads no recording; a denunciation's recording only for its handlers."""

import pytest
from django.urls import reverse

from addons.tiepdan_bridge.models import ArchiveAccessLog
from addons.tiepdan_case.models import IdentityAccessLog
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for

from .common import accepted_case, session_url
from .recording_common import VIDEO, held_session, uploaded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def file_url(recording, action):
    return reverse("tiepdan_session:recording_file", args=[recording.pk, action])


@pytest.mark.parametrize("action", ["play", "download"])
def test_playback_and_download_from_the_session_page_are_logged(client, action):
    session = held_session()
    recording = uploaded(session)
    reader = staff_user("vp_ubnd")
    client.force_login(reader)
    response = client.get(file_url(recording, action))
    assert response.status_code == 200 and b"".join(response.streaming_content) == VIDEO
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment" if action == "download" else "inline")
    log = ArchiveAccessLog.objects.get()
    assert (log.entry, log.user, log.action) == (recording.entry, reader, action)


def test_the_api_download_and_play_are_logged_too():
    session = held_session()
    recording = uploaded(session)
    api = client_for(session.people["chair"])
    listed = api.get(f"/api/v1/recordings/{recording.pk}/").json()
    assert listed["download_url"].endswith(f"/api/v1/recordings/{recording.pk}/download/")
    assert api.get(f"/api/v1/recordings/{recording.pk}/download/").status_code == 200
    assert api.get(f"/api/v1/recordings/{recording.pk}/play/").status_code == 200
    assert list(ArchiveAccessLog.objects.order_by("id").values_list("action", flat=True)) == [
        "download",
        "play",
    ]


def test_quan_tri_sees_the_recording_but_may_not_play_or_download_it(client):
    session = held_session()
    recording = uploaded(session)
    admin_user = staff_user("quan_tri")
    client.force_login(admin_user)
    page = client.get(session_url(session)).content.decode()
    assert recording.entry.sha256 in page and file_url(recording, "download") not in page
    assert client.get(file_url(recording, "download")).status_code == 403
    assert client.get(file_url(recording, "play")).status_code == 403
    api = client_for(admin_user)
    body = api.get(f"/api/v1/recordings/{recording.pk}/").json()
    assert body["download_url"] is None and body["play_url"] is None
    response = api.get(f"/api/v1/recordings/{recording.pk}/download/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not ArchiveAccessLog.objects.exists()


@pytest.mark.parametrize("role", ["so_khcn", "cong_an", "ubnd_xa", "bao_ptth", "trung_uong", "so_nganh"])
def test_roles_outside_the_recordings_get_404_and_nothing_is_logged(client, role):
    session = held_session()
    recording = uploaded(session)
    client.force_login(staff_user(role))
    assert client.get(file_url(recording, "download")).status_code == 404
    assert client_for(staff_user(role)).get(f"/api/v1/recordings/{recording.pk}/").status_code == 404
    assert not ArchiveAccessLog.objects.exists()


def test_a_denunciation_recording_is_played_only_by_the_case_handlers(client):
    denunciation = accepted_case(case_type="to_cao")
    session = held_session(cases=[denunciation])
    recording = uploaded(session, item=session.agenda.get())
    inspector = staff_user("thanh_tra")  # reads every case, but is not a handler of this one
    client.force_login(inspector)
    assert client.get(file_url(recording, "play")).status_code == 403
    assert client.get(reverse("tiepdan_archive:download", args=[recording.entry_id])).status_code == 403
    assert client_for(inspector).get(f"/api/v1/recordings/{recording.pk}/").json()["play_url"] is None
    assert not ArchiveAccessLog.objects.exists()
    client.force_login(session.people["board"])  # ban_tcd handles every case
    assert client.get(file_url(recording, "play")).status_code == 200
    assert ArchiveAccessLog.objects.get().user == session.people["board"]
    view = IdentityAccessLog.objects.get()
    assert (view.case, view.user, view.channel) == (denunciation, session.people["board"], "recording_play")
