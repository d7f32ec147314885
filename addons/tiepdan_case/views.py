"""Downloads of case documents: only through this view, which checks scope and logs protected access."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .api.ids import MAX_ID
from .models import CaseAttachment
from .services import identity, uploads


@login_required
def download_attachment(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    attachment = CaseAttachment.objects.visible_to(request.user).select_related("case").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    case = attachment.case
    if case.is_protected:
        # Only handlers reach a protected case's documents (scoping); each download is logged.
        identity.log_unmasked_view(request.user, case, "download")
    return uploads.download_response(attachment.file, attachment.original_name, attachment.content_type)
