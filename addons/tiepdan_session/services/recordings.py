"""Recordings of a session (NĐ 154 art. 24; plan I.2), the reason when there is none, the press article.

- A recording reaches the bridge module's signed archive either by the import job (the recorder drops the
  file in ARCHIVE_IMPORT_DIR with a sidecar `{"owner_ref": "recording:session:12"}`, or
  `recording:session:12:item:34` for a cut of one agenda item; `link_imported` then links it, when its
  bytes are audio or video as for an upload) or by an
  upload here (`upload_recording`, which stores it through `archive.store_file` with that owner
  reference). Either way the link row (`SessionRecording`) lives in this module: the bridge never learns
  what a session is.
- `verify_recording` re-hashes the file and checks its CMS signature (bridge `verify_entry`) and keeps the
  result; `signature_ok` is the live signature check of the list (bridge `signing.verify_detached`).
- Reading (play, download) goes through `open_recording`: the bridge's reading roles (`quan_tri` never),
  and — since a recording shows the citizens — a recording that covers a denunciation only for the case's
  handlers (Luật Tố cáo art. 8; the handler's view is logged as an unmasked view). Every playback and
  download is a row of the bridge's archive access log. The same check guards the bridge's own download
  link (`register_read_check`).
- No recording: `record_missing_reason` (board or office, e.g. the recorder failed) and the chair's
  separate `sign_off_missing_reason`; `recording_problems` is what `close` asks of the recordings.
- `attach_article`: `bao_ptth` links the published article to a concluded session (plan III.9).
Every change: one transaction, the session row locked, the role checked, one history row on the session.
"""

import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import ArchiveEntry
from addons.tiepdan_bridge.services import archive
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import shielded_case_q
from addons.tiepdan_case.services import identity, uploads
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.case_workflow import NotFound
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed

from ..choices import SessionState
from ..models import AgendaItem, ReceptionSession, RecordingWaiver, SessionRecording, Verification

S = SessionState
OWNER_PREFIX = "recording:session:"
OWNER_RE = re.compile(r"^recording:session:(\d{1,18})(?::item:(\d{1,18}))?$")
# Who puts recordings into the archive for a session (quan_tri keeps the storage), and who verifies them.
MANAGERS = frozenset({R.QUAN_TRI, R.VP_UBND, R.BAN_TCD})
VERIFIERS = frozenset({R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA})
WAIVER_ROLES = frozenset({R.VP_UBND, R.BAN_TCD})
# A session is recorded while it runs; the files arrive during or after it, until it is closed.
RECORDING_STATES = (S.IN_PROGRESS, S.CONCLUDED)
ARTICLE_STATES = (S.CONCLUDED, S.CLOSED)
MEDIA_SUFFIXES = frozenset(
    {".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".ts", ".mp3", ".m4a", ".wav", ".ogg", ".oga", ".opus"}
)
ACCESS_ACTIONS = ("play", "download")


def owner_ref_for(session, item=None) -> str:
    ref = f"{OWNER_PREFIX}{session.pk}"
    return f"{ref}:item:{item.pk}" if item is not None else ref


def parse_owner_ref(ref: str):
    """(session id, agenda item id or None) of a recording's owner reference, or None."""
    match = OWNER_RE.match(ref or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def _roles(user):
    return user_roles(user) if getattr(user, "is_authenticated", False) else frozenset()


def _locked_session(actor, session_id) -> ReceptionSession:
    session = (
        ReceptionSession.objects.select_for_update()
        .filter(pk=session_id, pk__in=ReceptionSession.objects.visible_to(actor).values("pk"))
        .first()
    )
    if session is None:
        raise NotFound(_("Session not found."))
    return session


def _item_of(session, agenda_item):
    if agenda_item is None:
        return None
    item_id = getattr(agenda_item, "pk", agenda_item)
    item = AgendaItem.objects.filter(pk=item_id, session=session).first()
    if item is None:
        message = _("This agenda item is not on this session's agenda.")
        raise Invalid(message, fields={"agenda_item": [message]})
    if item.no_recording:
        raise Conflict(
            _("The chair forbade recording this item (NĐ 154 art. 4.1c): %(reason)s")
            % {"reason": item.restriction_reason},
            code="rule_violated",
        )
    return item


def _check_state(session):
    if session.state not in RECORDING_STATES:
        raise Conflict(
            _(
                "Recordings are added while the session runs or after it concluded, not when it is “%(state)s”."
            )
            % {"state": session.get_state_display()}
        )


def _link(actor, session, entry, item) -> SessionRecording:
    recording = SessionRecording.objects.create(
        session=session,
        agenda_item=item,
        entry=entry,
        linked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        session,
        actor,
        "changed",
        action="recording_linked",
        changes={
            "recording": entry.name,
            "sha256": entry.sha256,
            "size": entry.size,
            "agenda_item": item.order if item else None,
        },
    )
    return recording


def upload_recording(actor, session, uploaded, *, agenda_item=None, name: str = "") -> SessionRecording:
    """Store an uploaded recording in the signed archive and link it to the session (and item)."""
    if not _roles(actor) & MANAGERS:
        raise NotAllowed(_("Only the board, the provincial office or the archive's keepers add recordings."))
    original = PurePath(getattr(uploaded, "name", "") or "").name
    if PurePath(original).suffix.lower() not in MEDIA_SUFFIXES:
        message = _("Upload an audio or video recording (for example .mp4, .webm, .mkv, .mp3, .wav).")
        raise Invalid(message, fields={"file": [message]})
    content_type = uploads.media_type(uploaded)
    with transaction.atomic():
        session = _locked_session(actor, getattr(session, "pk", session))
        _check_state(session)
        item = _item_of(session, agenda_item)
        try:
            entry = archive.store_file(
                uploaded,
                name or original,
                owner_ref_for(session, item),
                actor,
                original_name=original,
                content_type=content_type,
            )
        except ValidationError as exc:
            raise Invalid("; ".join(exc.messages), fields={"file": exc.messages}) from None
        return _link(actor, session, entry, item)


def _is_media(entry) -> bool:
    """The same judgement as an upload here (uploads.media_kind_of): the bytes are an audio or video
    container, whatever the entry's name and declared type say."""
    try:
        with archive.open_entry(entry) as handle:
            return uploads.media_kind_of(handle) is not None
    except FileNotFoundError:
        return False


def link_imported() -> int:
    """Link the archive entries the import job stored for a session (owner `recording:session:…`) and
    not linked yet. Entries naming an unknown session or item stay unlinked (listed in the archive)."""
    linked = SessionRecording.objects.values("entry_id")
    count = 0
    for entry in ArchiveEntry.objects.filter(owner_ref__startswith=OWNER_PREFIX).exclude(pk__in=linked):
        parsed = parse_owner_ref(entry.owner_ref)
        if parsed is None:
            continue
        session_id, item_id = parsed
        with transaction.atomic():
            session = ReceptionSession.objects.select_for_update().filter(pk=session_id).first()
            if session is None or SessionRecording.objects.filter(entry=entry).exists():
                continue
            item = AgendaItem.objects.filter(pk=item_id, session=session).first() if item_id else None
            if item_id and (item is None or item.no_recording):
                continue  # unknown item, or its recording was forbidden: left unlinked in the archive
            if not _is_media(entry):
                continue  # not audio or video by its bytes (the archive form stores any file): unlinked
            _link(entry.created_by, session, entry, item)
            count += 1
    return count


def verify_recording(actor, recording) -> SessionRecording:
    """Re-hash the archived file and check its signature; keep the result (what `close` relies on)."""
    if not _roles(actor) & VERIFIERS:
        raise NotAllowed(_("Your role may not verify recordings."))
    recording_id = getattr(recording, "pk", recording)
    visible = SessionRecording.objects.visible_to(actor).filter(pk=recording_id)
    if not visible.exists():
        raise NotFound(_("Recording not found."))
    with transaction.atomic():
        locked = (
            SessionRecording.objects.select_for_update()
            .select_related("entry", "session")
            .get(pk=recording_id)
        )
        status, _found, _size = archive.verify_entry(locked.entry)
        locked.verification = status
        locked.verified_at, locked.verified_by = timezone.now(), actor
        locked.save(update_fields=["verification", "verified_at", "verified_by"])
        record_event(
            locked.session,
            actor,
            "changed",
            action="recording_verified",
            changes={"recording": locked.entry.name, "verification": status},
        )
    return locked


def signature_ok(recording) -> bool:
    """The live check of the entry's CMS signature over its manifest (bridge signing.verify_detached)."""
    return archive.verify_signature(recording.entry)


def covered_case_ids(recording) -> list[int]:
    if recording.agenda_item_id:
        return [recording.agenda_item.case_id]
    return list(recording.session.agenda.values_list("case_id", flat=True))


def _shielded(user, case_ids) -> bool:
    return Case.objects.filter(pk__in=case_ids).filter(shielded_case_q(user)).exists()


def can_read(user, recording) -> bool:
    """Play or download: a reading role of the archive (never quan_tri), and for a recording that shows
    a denunciation, a handler of that case."""
    return archive.can_read_content(user) and not _shielded(user, covered_case_ids(recording))


def entry_read_check(user, entry) -> bool:
    """Registered with the bridge (apps.py): its own download link obeys the same rule for a session's recording."""
    parsed = parse_owner_ref(entry.owner_ref)
    if parsed is None:
        return True
    recording = SessionRecording.objects.filter(entry=entry).select_related("agenda_item").first()
    if recording is not None:
        return can_read(user, recording)
    session_id, item_id = parsed
    cases = (
        AgendaItem.objects.filter(pk=item_id) if item_id else AgendaItem.objects.filter(session_id=session_id)
    ).values_list("case_id", flat=True)
    return not _shielded(user, list(cases))


def open_recording(user, recording, action: str):
    """The file of a recording for playback or download, logged in the archive's access log (and, for a
    denunciation, as an unmasked view of the denouncer). NotFound outside the user's scope, NotAllowed
    for a role that may not read it; FileNotFoundError when the storage lost the file."""
    if action not in ACCESS_ACTIONS:
        raise Invalid(_("Unknown action."))
    recording_id = getattr(recording, "pk", recording)
    recording = (
        SessionRecording.objects.visible_to(user)
        .select_related("entry", "session", "agenda_item")
        .filter(pk=recording_id)
        .first()
    )
    if recording is None:
        raise NotFound(_("Recording not found."))
    if not archive.can_read_content(user):
        raise NotAllowed(
            _(
                "You manage the archive's storage but may not download or play its recordings (NĐ 154 art. 24)."
            )
        )
    if not can_read(user, recording):
        raise NotAllowed(_("This recording shows a denouncer: only the case's handlers may play it."))
    handle = archive.open_logged(user, recording.entry, action)
    protected = list(Case.objects.filter(pk__in=covered_case_ids(recording), case_type="to_cao"))
    identity.log_unmasked_views(user, protected, f"recording_{action}")
    return recording, handle


# ------------------------------------------------------------------------------ no recording, close
def verified_recordings(session):
    return [
        r
        for r in session.recordings.select_related("entry").filter(verification=Verification.OK)
        if signature_ok(r)
    ]


def record_missing_reason(actor, session, reason: str) -> RecordingWaiver:
    """Why the session has no archived, verified recording (e.g. the recorder failed); the chair signs off."""
    if not _roles(actor) & WAIVER_ROLES:
        raise NotAllowed(_("Only the board or the provincial office record why there is no recording."))
    reason = " ".join(str(reason or "").split())
    if not reason:
        message = _("Write why there is no recording.")
        raise Invalid(message, fields={"reason": [message]})
    with transaction.atomic():
        session = _locked_session(actor, getattr(session, "pk", session))
        _check_state(session)
        waiver = RecordingWaiver.objects.select_for_update().filter(session=session).first()
        if waiver is not None and waiver.signed_off:
            raise Conflict(_("The chair has already signed off the reason; it can no longer be changed."))
        before = waiver.reason if waiver else ""
        if waiver is None:
            waiver = RecordingWaiver(session=session)
        waiver.reason, waiver.recorded_by, waiver.recorded_at = reason, actor, timezone.now()
        waiver.save()
        record_event(
            session,
            actor,
            "changed",
            action="recording_waiver",
            changes={"no_recording_reason": [before or None, reason]},
        )
    return waiver


def sign_off_missing_reason(actor, session) -> RecordingWaiver:
    """The chair of the session signs off the recorded reason (a separate step, by the chair only)."""
    with transaction.atomic():
        session = _locked_session(actor, getattr(session, "pk", session))
        if actor.pk != session.chair_id or R.CHU_TICH not in _roles(actor):
            raise NotAllowed(
                _("Only the chair of this session signs off the reason for a missing recording.")
            )
        _check_state(session)
        waiver = RecordingWaiver.objects.select_for_update().filter(session=session).first()
        if waiver is None:
            raise Conflict(_("No reason for a missing recording has been recorded yet."))
        if waiver.signed_off:
            raise Conflict(_("The chair has already signed off the reason."))
        waiver.signed_off_by, waiver.signed_off_at = actor, timezone.now()
        waiver.save(update_fields=["signed_off_by", "signed_off_at"])
        record_event(session, actor, "changed", action="recording_waiver_signed_off", note=waiver.reason)
    return waiver


def recording_problems(session) -> list[str]:
    """What `close` needs of the recordings: one archived, verified recording, or a signed-off reason."""
    if verified_recordings(session):
        return []
    waiver = RecordingWaiver.objects.filter(session=session).first()
    if waiver is not None and waiver.signed_off:
        return []
    if waiver is not None:
        return [_("The reason for the missing recording awaits the chair's sign-off.")]
    return [
        _(
            "No archived recording of the session has been verified (NĐ 154 art. 24): verify one, or record "
            "why there is none and have the chair sign it off."
        )
    ]


# ---------------------------------------------------------------------------------- press article
def attach_article(actor, session, url: str, title: str = "") -> ReceptionSession:
    """bao_ptth links the article it published on a concluded session; the public schedule shows it."""
    if R.BAO_PTTH not in _roles(actor):
        raise NotAllowed(_("Only the newspaper and radio-television attach the published article."))
    url = str(url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        message = _("Enter the article's full address (http:// or https://).")
        raise Invalid(message, fields={"url": [message]}) from None
    if len(url) > 2000:
        message = _("The address is too long.")
        raise Invalid(message, fields={"url": [message]})
    title = " ".join(str(title or "").split())[:255]
    with transaction.atomic():
        session = _locked_session(actor, getattr(session, "pk", session))
        if session.state not in ARTICLE_STATES:
            raise Conflict(_("An article is attached once the session has concluded."))
        before = session.article_url
        session.article_url, session.article_title = url, title
        session.article_linked_at = timezone.now()
        session.save(update_fields=["article_url", "article_title", "article_linked_at", "updated_at"])
        record_event(
            session, actor, "changed", action="article_linked", changes={"article_url": [before or None, url]}
        )
    return session
