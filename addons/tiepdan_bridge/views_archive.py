"""The one way a file leaves the archive: permission check, access-log row, streamed response."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ArchiveAccessLog, ArchiveEntry
from .services.archive import can_read_content, can_read_entry, open_logged


def request_user(request):
    """The session user, or the user of an API token (`Authorization: Token <key>`)."""
    if request.user.is_authenticated:
        return request.user
    header = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(header) == 2 and header[0].lower() == "token":
        try:
            user, _token = TokenAuthentication().authenticate_credentials(header[1])
        except AuthenticationFailed:
            return None
        return user
    return None


@require_GET
def download(request, pk):
    user = request_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    entry = get_object_or_404(ArchiveEntry.objects.visible_to(user), pk=pk)
    if not can_read_content(user):
        # The system administrators keep the storage; reading a recording is not their business.
        raise PermissionDenied(
            _(
                "You manage the archive's storage but may not download or play its recordings (NĐ 154 art. 24)."
            )
        )
    if not can_read_entry(user, entry):
        raise PermissionDenied(_("You may not download this archived file."))
    try:
        handle = open_logged(user, entry, ArchiveAccessLog.Action.DOWNLOAD)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=entry.original_name, content_type=entry.content_type
    )
    response["X-Archive-SHA256"] = entry.sha256
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"  # the declared type is kept, never sniffed into HTML
    return response
