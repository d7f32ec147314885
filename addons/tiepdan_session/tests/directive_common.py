"""Shared helpers of the directive tests: a session running with heard cases, drafted and issued
directives. The console's `start` and item outcomes are issue 10a's: here the session is put in progress
and the case marked heard through the case workflow, as the console does."""

from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.tests.factories import agency

from ..models import ReceptionSession
from ..services import directives
from .common import accepted_case, announced_session, people


def running_session(p=None, cases=None):
    """An announced session with the given accepted cases, moved to `in_progress`, every case heard."""
    p = p or people()
    cases = cases or [accepted_case()]
    session = announced_session(p, cases=cases)
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
