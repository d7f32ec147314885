"""The one check every uploaded file passes (TEAM.md interface 3), in every module: case documents,
directive progress reports and written answers, the answer to the citizen, agencies' briefings, a
vice-chairman's authorisation, the people workbook of a group reception.

- a size limit (`ATTACHMENT_MAX_BYTES`, or a smaller one per path);
- the kind judged by the file's bytes (magic numbers; DOCX/XLSX by their zip parts), from an allow-list
  the caller narrows (`kinds=`);
- the file name's extension must be one of that kind's extensions, and the type the browser declared
  must not contradict the bytes (an active type such as HTML or SVG, or another allow-listed type);
- a random stored name (`random_name`): nothing of the original name or the citizen in the path;
- the bytes' SHA-256 (`stored_file`).

The stored Content-Type is always the kind's, never the browser's; files are served only by views that
check `visible_to` and answer `Content-Disposition: attachment` with `X-Content-Type-Options: nosniff`
(`download_response`).
"""

import hashlib
import secrets
import zipfile

import filetype
from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .errors import Invalid

# kind → (MIME type, label shown to the clerk, extensions a file of that kind may carry)
ALLOWED = {
    "pdf": ("application/pdf", "PDF", ("pdf",)),
    "jpg": ("image/jpeg", "JPG", ("jpg", "jpeg")),
    "png": ("image/png", "PNG", ("png",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", ("docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", ("xlsx",)),
}
DOCUMENT_KINDS = tuple(ALLOWED)
# Declared types that say nothing about the content (a scanner's or a script's default).
_NEUTRAL_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "text/plain"})
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}
_CHUNK = 64 * 1024


def mime_of(kind: str) -> str:
    return ALLOWED[kind][0]


def label_of(kinds=DOCUMENT_KINDS) -> str:
    return ", ".join(ALLOWED[kind][1] for kind in kinds)


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
    return {"jpg": "jpg", "png": "png", "pdf": "pdf"}.get(guess.extension)


def _refuse(field: str, message: str):
    raise Invalid(message, fields={field: [message]})


def check_upload(uploaded, *, kinds=DOCUMENT_KINDS, field: str = "file", max_bytes: int | None = None) -> str:
    """Raise Invalid (message on `field`) unless the file is allowed; return its kind."""
    limit = min(max_bytes or settings.ATTACHMENT_MAX_BYTES, settings.ATTACHMENT_MAX_BYTES)
    if uploaded.size > limit:
        _refuse(
            field,
            _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {"size": f"{uploaded.size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:.0f}"},
        )
    kind = detect_kind(uploaded)
    if kind is None or kind not in kinds:
        _refuse(
            field,
            _("This kind of file is not accepted. Accepted kinds: %(kinds)s.") % {"kinds": label_of(kinds)},
        )
    name = (getattr(uploaded, "name", "") or "").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED[kind][2]:
        _refuse(
            field,
            _("The file's name must end in .%(extension)s: its content is a %(kind)s file.")
            % {"extension": ALLOWED[kind][2][0], "kind": ALLOWED[kind][1]},
        )
    declared = (getattr(uploaded, "content_type", "") or "").split(";")[0].strip().lower()
    declared = _ALIASES.get(declared, declared)
    if declared not in _NEUTRAL_TYPES and declared != mime_of(kind):
        _refuse(
            field,
            _("The file was sent as “%(declared)s” but its content is a %(kind)s file.")
            % {"declared": declared[:60], "kind": ALLOWED[kind][1]},
        )
    return kind


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(_CHUNK), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def original_name(uploaded) -> str:
    return (getattr(uploaded, "name", "") or "tai-lieu").replace("\\", "/").rsplit("/", 1)[-1][:255]


def stored_file(uploaded, *, kinds=DOCUMENT_KINDS, field: str = "file") -> dict:
    """Check the file and describe what is kept in the row beside it (kind, MIME, SHA-256, name, size)."""
    kind = check_upload(uploaded, kinds=kinds, field=field)
    return {
        "kind": kind,
        "mime": mime_of(kind),
        "sha256": sha256_of(uploaded),
        "name": original_name(uploaded),
        "size": uploaded.size,
    }


def random_name(folder: str) -> str:
    """A stored path for `upload_to`: a random name in `folder`; the original name stays in the row."""
    return f"{folder.strip('/')}/{secrets.token_hex(16)}"


def media_type(uploaded) -> str:
    """The type kept for an uploaded recording (its bytes go to the signed archive whatever they are): the
    declared type only when it is audio or video, else the type of its (allow-listed) extension — never
    a type a browser would render, such as HTML or SVG."""
    import mimetypes

    declared = (getattr(uploaded, "content_type", "") or "").split(";")[0].strip().lower()
    if declared.startswith(("audio/", "video/")):
        return declared
    guessed = mimetypes.guess_type(getattr(uploaded, "name", "") or "")[0] or ""
    return guessed if guessed.startswith(("audio/", "video/")) else "application/octet-stream"


def download_response(field, name: str, content_type: str = "") -> FileResponse:
    """The one way a stored upload leaves: as an attachment, never sniffed (the caller has already
    checked `visible_to` and who may read the file). A row that keeps no content type is served with the
    type its stored bytes show; bytes of no allowed kind are not served at all."""
    try:
        if not content_type:
            with field.open("rb") as stored:
                kind = detect_kind(stored)
            if kind is None:
                raise Http404
            content_type = mime_of(kind)
            if "." not in (name or ""):
                name = f"{name or 'tai-lieu'}.{ALLOWED[kind][2][0]}"
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=name or "tai-lieu")
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
