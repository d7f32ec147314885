"""Downloads of the files uploaded to a session: an agency's briefing and a vice-chairman's written
authorisation. Only through these views (MEDIA is never served): the row among those the user may see
(`visible_to`, else 404), a briefing about a denunciation only for who may read the denouncer's identity,
and the shared download answer (services/uploads.py: attachment, nosniff)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from addons.tiepdan_case.api.ids import MAX_ID
from addons.tiepdan_case.services import identity, uploads

from .admin.sessions import public_only
from .models import DossierRequest, ReceptionSession
from .services import planning


@login_required
def briefing_file(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    row = (
        DossierRequest.objects.visible_to(request.user)
        .select_related("agenda_item__case")
        .filter(pk=pk)
        .first()
    )
    if row is None or not row.briefing_file:
        raise Http404
    case = row.agenda_item.case
    # A briefing on a denunciation: for who may read its denouncer's identity, and the agency that wrote it.
    if identity.must_mask(request.user, case) and not planning.can_submit_briefing(request.user, row):
        raise Http404
    if case.is_protected:
        identity.log_unmasked_view(request.user, case, "download")
    return uploads.download_response(row.briefing_file, row.briefing_file_name)


@login_required
def authorisation_file(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    session = ReceptionSession.objects.visible_to(request.user).filter(pk=pk).first()
    if session is None or not session.authorisation_file or public_only(request.user):
        raise Http404
    return uploads.download_response(session.authorisation_file, f"uy-quyen-{session.code}")
