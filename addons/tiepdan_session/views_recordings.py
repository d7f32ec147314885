"""Playback and download of a session's recording: the one way its file leaves through this module —
scope (404), permission (403), an access-log row, a streamed response (services.recordings)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from addons.tiepdan_bridge.views_archive import request_user
from addons.tiepdan_case.services.case_workflow import NotFound
from addons.tiepdan_case.services.errors import NotAllowed

from .services import recordings

MAX_ID = 2**63 - 1


def file_response(recording, handle, action):
    entry = recording.entry
    playable = (entry.content_type or "").startswith(("audio/", "video/"))
    # Played inline only as audio or video (an older row's declared type may say anything).
    response = FileResponse(
        handle,
        as_attachment=action == "download" or not playable,
        filename=entry.original_name,
        content_type=entry.content_type if playable else "application/octet-stream",
    )
    response["X-Archive-SHA256"] = entry.sha256
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def recording_file(request, recording_id, action):
    user = request_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    if recording_id > MAX_ID or action not in recordings.ACCESS_ACTIONS:
        raise Http404
    try:
        recording, handle = recordings.open_recording(user, recording_id, action)
    except NotFound:
        raise Http404 from None
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None
    except FileNotFoundError:
        raise Http404 from None
    return file_response(recording, handle, action)
