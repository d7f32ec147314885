"""Case documents: an allow-list of types checked by content, a size limit, a random stored name, SHA-256.

Files are stored under MEDIA_ROOT (never served directly) and downloaded only through
`views.download_attachment`, which checks `CaseAttachment.objects.visible_to(user)`.
"""

import hashlib
import zipfile

import filetype
from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Case, CaseAttachment
from ..scoping import shielded_case_q
from .audit import record_event
from .cases import can_edit
from .errors import Invalid, NotAllowed

# kind → (MIME type, extensions shown to the clerk)
ALLOWED = {
    "pdf": ("application/pdf", "PDF"),
    "jpg": ("image/jpeg", "JPG"),
    "png": ("image/png", "PNG"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
ALLOWED_LABEL = ", ".join(label for _mime, label in ALLOWED.values())
_CHUNK = 64 * 1024


def _office_kind(head: bytes, uploaded) -> str | None:
    """DOCX and XLSX are zip files whose [Content_Types].xml names the main part."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        uploaded.seek(0)
    return None


def detect_kind(uploaded) -> str | None:
    """The allow-listed kind of this file judged by its bytes (the name and the browser's type are ignored)."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    office = _office_kind(head, uploaded)
    if office:
        return office
    guess = filetype.guess(head)
    if guess is None:
        return None
    kind = {"jpg": "jpg", "png": "png", "pdf": "pdf"}.get(guess.extension)
    return kind


def check_upload(uploaded) -> str:
    """Raise Invalid (message on the `file` field) unless the file is allowed; return its kind."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        message = _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.") % {
            "size": f"{uploaded.size / 1024 / 1024:.1f}",
            "limit": f"{limit / 1024 / 1024:.0f}",
        }
        raise Invalid(message, fields={"file": [message]})
    kind = detect_kind(uploaded)
    if kind is None:
        message = _("This kind of file is not accepted. Accepted kinds: %(kinds)s.") % {
            "kinds": ALLOWED_LABEL
        }
        raise Invalid(message, fields={"file": [message]})
    return kind


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(_CHUNK), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def add_attachment(
    actor, case: Case, uploaded, description: str = "", redacted_name: str = ""
) -> CaseAttachment:
    """Store a document of a case the actor may edit (or, for a finished case, may see and add to)."""
    # A protected denouncer's documents are for the case's handlers only (scoping.attachments_visible_to).
    if not Case.objects.visible_to(actor).exclude(shielded_case_q(actor)).filter(pk=case.pk).exists():
        raise NotAllowed(_("Case not found."))
    if not can_edit(actor, case) and not actor.has_perm("tiepdan_case.add_caseattachment"):
        raise NotAllowed(_("You may not add documents to this case."))
    kind = check_upload(uploaded)
    mime = ALLOWED[kind][0]
    digest = sha256_of(uploaded)
    original = (getattr(uploaded, "name", "") or "tai-lieu").rsplit("/", 1)[-1][:255]
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
