"""Pages of the directives outside the model screens: the overdue lists per lead agency (ban_tcd,
lanh_dao, the chair) and the downloads of reports and written answers, each checked against scope and,
for a denunciation, against who may read it (services/directive_text.py)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case.services import identity, uploads

from .models import CaseAnswer, Directive, DirectiveReport
from .services import directive_text, directives

MAX_ID = 2**63 - 1


def _file_response(field, name, content_type=""):
    return uploads.download_response(field, name, content_type)


def _log(user, case):
    if case.is_protected:
        identity.log_unmasked_view(user, case, "download")


@login_required
def report_file(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    report = (
        DirectiveReport.objects.visible_to(request.user)
        .select_related("directive__case")
        .filter(pk=pk)
        .first()
    )
    if report is None or not report.file or not directive_text.report_readable(request.user, report):
        raise Http404
    _log(request.user, report.directive.case)
    return _file_response(report.file, report.original_name, report.content_type)


@login_required
def answer_file(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    directive = Directive.objects.visible_to(request.user).select_related("case").filter(pk=pk).first()
    if (
        directive is None
        or not directive.answer_file
        or not directive_text.answer_readable(request.user, directive)
    ):
        raise Http404
    _log(request.user, directive.case)
    return _file_response(directive.answer_file, directive.answer_file_name)


@login_required
def case_answer_file(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    answer = CaseAnswer.objects.visible_to(request.user).select_related("case").filter(pk=pk).first()
    if answer is None or not answer.file or identity.must_mask(request.user, answer.case):
        raise Http404
    _log(request.user, answer.case)
    return _file_response(answer.file, answer.file_name)


@login_required
def overdue_lists(request):
    if not directives.can_read_overdue_lists(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    groups = directives.overdue_by_lead(request.user, today)
    context = {
        **admin.site.each_context(request),
        "title": _("Overdue directives by lead agency"),
        "groups": groups,
        "today": today,
        "total": sum(g["count"] for g in groups),
        "grace": directives.grace_days(),
    }
    return render(request, "tiepdan_session/directives_overdue.html", context)
