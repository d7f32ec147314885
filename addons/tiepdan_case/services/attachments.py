"""Case documents: the shared upload check (services/uploads.py: allow-list by content, size limit,
random stored name, SHA-256).

Files are stored under MEDIA_ROOT (never served directly) and downloaded only through
`views.download_attachment`, which checks `CaseAttachment.objects.visible_to(user)`.
"""

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Case, CaseAttachment
from ..scoping import shielded_case_q
from .audit import record_event
from .cases import can_edit
from .errors import NotAllowed
from .uploads import detect_kind, stored_file

__all__ = ["add_attachment", "detect_kind", "open_for_download"]


def add_attachment(
    actor, case: Case, uploaded, description: str = "", redacted_name: str = ""
) -> CaseAttachment:
    """Store a document of a case the actor may edit (or, for a finished case, may see and add to)."""
    # A protected denouncer's documents are for the case's handlers only (scoping.attachments_visible_to).
    if not Case.objects.visible_to(actor).exclude(shielded_case_q(actor)).filter(pk=case.pk).exists():
        raise NotAllowed(_("Case not found."))
    if not can_edit(actor, case) and not actor.has_perm("tiepdan_case.add_caseattachment"):
        raise NotAllowed(_("You may not add documents to this case."))
    info = stored_file(uploaded)
    mime, digest, original = info["mime"], info["sha256"], info["name"]
    with transaction.atomic():
        attachment = CaseAttachment(
            case=case,
            original_name=original,
            content_type=mime,
            size=uploaded.size,
            sha256=digest,
            description=description or "",
            redacted_name=(redacted_name or "")[:255],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        uploaded.seek(0)
        attachment.file.save(original, File(uploaded), save=False)
        attachment.save()
        record_event(case, actor, "changed", changes={"attachment_added": [None, attachment.pk]})
    return attachment


def open_for_download(attachment: CaseAttachment):
    return attachment.file.open("rb")
