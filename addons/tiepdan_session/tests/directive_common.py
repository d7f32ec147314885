"""Shared helpers of the directive tests: a session running with heard cases, drafted and issued
directives. The console's `start` and item outcomes are issue 10a's: here the session is put in progress
and the case marked heard through the case workflow, as the console does."""

import itertools

from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.tests.factories import agency

from ..models import ReceptionSession
from ..services import directives
from .common import accepted_case, announced_session, people, working_day

_days = itertools.count()


def running_session(p=None, cases=None):
    """An announced session with the given accepted cases, moved to `in_progress`, every case heard."""
    p = p or people()
    cases = cases or [accepted_case()]
    # each session on its own day: several in one test never share the host site or the chair
    session = announced_session(p, cases=cases, day=working_day(8 + next(_days) % 40))
    ReceptionSession.objects.filter(pk=session.pk).update(state="in_progress")
    session.refresh_from_db()
    for item in session.agenda.select_related("case"):
        case_workflow.perform(p["board"], item.case_id, "receive")
    return session


def item_of(session, case):
    return session.agenda.get(case=case)


def draft(board, item, lead="so-nn-mt", **kwargs):
    kwargs.setdefault("instruction", "Sở kiểm tra hồ sơ bồi thường và trả lời công dân bằng văn bản.")
    if "lead_unit" not in kwargs:
        kwargs.setdefault("lead_agency", agency(lead))
    if "deadline" not in kwargs:
        kwargs.setdefault("working_days", 10)
    return directives.draft_directive(item, actor=board, **kwargs)


def issued_directive(p=None, case=None, **kwargs):
    """One directive issued at a session that concluded (its case now `following_up`)."""
    p = p or people()
    case = case or accepted_case()
    session = running_session(p, [case])
    directive = draft(p["board"], item_of(session, case), **kwargs)
    directives.issue_directives(session, actor=p["board"])
    directive.refresh_from_db()
    return directive


def pdf(name="bao-cao.pdf", body=b"noi dung"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF\n", "application/pdf")


def api(client, user):
    client.force_login(user)
    return client


def post_report(client, directive, text="Đã làm việc với UBND phường.", **files):
    return client.post(f"/api/v1/directives/{directive.pk}/reports/", {"text": text, **files})


def report_done(client, directive, **data):
    from django.utils import timezone

    payload = {
        "text": "Đã kiểm tra, trả lời công dân.",
        "answer_number": "125/SNNMT-TTr",
        "answer_date": timezone.localdate().isoformat(),
        "answer_file": pdf("tra-loi.pdf"),
    }
    payload.update(data)
    payload = {k: v for k, v in payload.items() if v is not None}
    return client.post(f"/api/v1/directives/{directive.pk}/report/", payload)


def accept(client, directive, note=""):
    return client.post(
        f"/api/v1/directives/{directive.pk}/accept/", {"note": note}, content_type="application/json"
    )


def send_back(client, directive, reason="Chưa có văn bản trả lời công dân."):
    return client.post(
        f"/api/v1/directives/{directive.pk}/return/", {"reason": reason}, content_type="application/json"
    )
