"""Downloads of case documents: only through this view, which checks scope and logs protected access."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from .models import CaseAttachment
from .services import identity


@login_required
def download_attachment(request, pk: int):
    attachment = CaseAttachment.objects.visible_to(request.user).select_related("case").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    case = attachment.case
    if case.is_protected:
        # Only handlers reach a protected case's documents (scoping); each download is logged.
        identity.log_unmasked_view(request.user, case, "download")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
