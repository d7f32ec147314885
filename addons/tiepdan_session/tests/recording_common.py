"""Shared pieces of the recording tests: the archive with a throwaway agency certificate, a session that
has been held (state set on the row: running and concluding it is the console's part), an upload."""

from django.core.files.uploadedfile import SimpleUploadedFile

from ..models import ReceptionSession
from ..services import recordings
from .common import accepted_case, announced_session, people, working_day

# The head of a real WebM file (EBML header, DocType "webm"): uploads are judged by their bytes.
VIDEO = (
    b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81\x01B\xf2\x81\x04B\xf3\x81\x08B\x82\x84webm phien tiep cong dan"
)


def held_session(state="concluded", cases=None, day=None):
    p = people()
    session = announced_session(p, cases=cases or [accepted_case()], day=day or working_day(8))
    ReceptionSession.objects.filter(pk=session.pk).update(state=state)
    session.refresh_from_db()
    session.people = p
    return session


def video_file(name="phien-toan-bo.webm", content=VIDEO):
    return SimpleUploadedFile(name, content, content_type="video/webm")


def uploaded(session, item=None, content=VIDEO, name="phien-toan-bo.webm"):
    return recordings.upload_recording(
        session.people["board"], session, video_file(name, content), agenda_item=item
    )
