"""The chairman's directives: the list ("my directives" and the work-queue filters), the directive's page
with its reports, answer and history, and the forms of the moves (progress report, reported with the
written answer, accept, send back). Every change goes through services/directives.py."""

import threading

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from addons.tiepdan_bridge.admin.base import ScopedModelAdmin, ServiceSavingMixin
from addons.tiepdan_case.admin.deletion import SoftDeleteAdminMixin
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services.errors import DomainError, Invalid

from ..models import CaseAnswer, Directive, DirectiveReport, DirectiveState
from ..services import directive_text, directives
from ..workqueue import DIRECTIVE_QUEUES, QUEUE_PARAM, directive_queue_q

# The list's rows share one calendar window per request (ModelAdmin instances serve every thread).
_PAGE = threading.local()
STATE_COLOURS = {
    DirectiveState.OPEN: "info",
    DirectiveState.IN_PROGRESS: "warning",
    DirectiveState.REPORTED: "success",
    DirectiveState.DONE: "info",
}


class DirectiveQueueFilter(admin.SimpleListFilter):
    """The home work queue's lines open the list through this filter (the same filters as their counts)."""

    title = _("work to do")
    parameter_name = QUEUE_PARAM

    def lookups(self, request, model_admin):
        return [(code, label()) for code, label in DIRECTIVE_QUEUES.items()]

    def queryset(self, request, queryset):
        if self.value() in DIRECTIVE_QUEUES:
            return queryset.filter(directive_queue_q(self.value(), request.user))
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("whose")
    parameter_name = "cua_toi"

    def lookups(self, request, model_admin):
        return [("1", _("My agency's directives"))]

    def queryset(self, request, queryset):
        return queryset.filter(directives.mine_q(request.user)) if self.value() == "1" else queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "qua_han"

    def lookups(self, request, model_admin):
        return [("1", _("Overdue"))]

    def queryset(self, request, queryset):
        return queryset.filter(directives.overdue_q()) if self.value() == "1" else queryset


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("progress"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 5}))
    file = forms.FileField(label=_("attached document (optional)"), required=False)


class ReportedForm(forms.Form):
    text = forms.CharField(label=_("what was done"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 5}))
    answer_number = forms.CharField(
        label=_("answer number"), required=False, max_length=60, widget=UnfoldAdminTextInputWidget
    )
    answer_date = forms.DateField(label=_("answer date"), required=False, widget=UnfoldAdminDateWidget)
    answer_file = forms.FileField(label=_("written answer sent to the citizen"), required=False)
    file = forms.FileField(label=_("attached document (optional)"), required=False)


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("note (optional)"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}))


MOVES = {
    "bao-cao-tien-do": (_("Send a progress report"), ProgressForm),
    "bao-cao-hoan-thanh": (_("Report carried out"), ReportedForm),
    "cong-nhan": (_("Accept as done"), AcceptForm),
    "tra-lai": (_("Send the report back"), ReturnForm),
}


def allowed_moves(user, directive) -> list[str]:
    """The forms this user may open on this directive now (the buttons of the page)."""
    role = directives.acts_as(user, directive)
    moves = []
    if directive.issued_at is None:
        return moves
    if role in ("lead", "support") and directive.state in directives.AGENCY_TURN:
        moves.append("bao-cao-tien-do")
    if role == "lead" and directive.state in directives.AGENCY_TURN:
        moves.append("bao-cao-hoan-thanh")
    if directive.state == DirectiveState.REPORTED and directives.can_decide(user):
        moves += ["cong-nhan", "tra-lai"]
    return moves


def _run_move(user, directive, move, data):
    if move == "bao-cao-tien-do":
        directives.post_report(directive, actor=user, text=data["text"], file=data.get("file"))
    elif move == "bao-cao-hoan-thanh":
        directives.mark_reported(
            directive,
            actor=user,
            text=data["text"],
            answer_number=data.get("answer_number", ""),
            answer_date=data.get("answer_date"),
            answer_file=data.get("answer_file"),
            file=data.get("file"),
        )
    elif move == "cong-nhan":
        directives.accept(directive, actor=user, note=data.get("note", ""))
    elif move == "tra-lai":
        directives.send_back(directive, actor=user, reason=data["reason"])


@admin.register(Directive)
class DirectiveAdmin(SoftDeleteAdminMixin, ScopedModelAdmin):
    list_display = ("number", "session", "case_code", "lead_name", "deadline", "state_badge", "overdue_badge")
    list_display_links = ("number", "case_code")
    list_filter = (DirectiveQueueFilter, MineFilter, OverdueFilter, "state")
    list_select_related = ("session", "case", "lead_agency", "lead_unit")
    search_fields = ("case__code", "session__code")
    ordering = ("deadline", "id")
    change_form_outer_after_template = "tiepdan_session/admin/directive_panels.html"
    fields = ("session", "case", "lead_name", "supporting", "deadline", "state", "issued_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return directive_text.annotate(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False  # drafted at the console (issue 10a) through services/directives.py

    def has_change_permission(self, request, obj=None):
        return False  # the page's moves change it, through the service

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    @admin.display(description=_("No."), ordering="id")
    def number(self, obj):
        return f"#{obj.pk}"

    @admin.display(description=_("case"), ordering="case__code")
    def case_code(self, obj):
        return obj.case.code

    @admin.display(description=_("lead"))
    def lead_name(self, obj):
        return obj.lead_name

    @admin.display(description=_("supporting agencies"))
    def supporting(self, obj):
        return ", ".join(str(a) for a in obj.supporting_agencies.all()) or "—"

    @display(description=_("state"), label=STATE_COLOURS)
    def state_badge(self, obj):
        return obj.state, obj.get_state_display()

    @display(description=_("overdue"), label={"danger": "danger", "": "info"})
    def overdue_badge(self, obj):
        if not directives.is_overdue(obj):
            return "", "—"
        late_days = getattr(_PAGE, "late_days", None) or directives.LateDays()
        return "danger", _("%(days)s working day(s) late") % {"days": late_days.of(obj)}

    def changelist_view(self, request, extra_context=None):
        _PAGE.late_days = directives.LateDays()  # one calendar query for the page's overdue rows
        try:
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render"):
                response.render()  # the rows are drawn here, while the window is set
            return response
        finally:
            _PAGE.late_days = None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        directive = self.get_object(request, object_id)
        if directive is None:
            raise Http404
        extra = self._panels(request, directive)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def _panels(self, request, directive):
        user = request.user
        reports = list(
            DirectiveReport.objects.visible_to(user)
            .filter(directive=directive)
            .select_related("agency", "created_by")
            .order_by("created_at", "id")
        )
        for report in reports:
            report.directive = directive
        return {
            "directive": directive,
            "instruction": directive_text.instruction(user, directive),
            "case_title": directive_text.case_title(user, directive),
            "return_reason": directive_text.return_reason(user, directive),
            "answer_readable": directive_text.answer_readable(user, directive),
            "answer_file_name": directive_text.answer_file_name(user, directive),
            "overdue": directives.is_overdue(directive),
            "working_days_late": directives.working_days_late(directive),
            "reports": [
                {
                    "report": r,
                    "text": directive_text.report_text(user, r),
                    "file_name": directive_text.report_file_name(user, r),
                    "downloadable": bool(r.file) and directive_text.report_readable(user, r),
                }
                for r in reports
            ],
            "moves": [(code, MOVES[code][0]) for code in allowed_moves(user, directive)],
            "history": directive_text.history_rows(user, directive),
        }

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/thao-tac/<str:move>/",
                self.admin_site.admin_view(self.move_view),
                name="tiepdan_session_directive_move",
            ),
        ]
        return own + super().get_urls()

    def move_view(self, request, object_id, move):
        directive = (
            self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        )
        if directive is None or move not in MOVES:
            raise Http404
        change_url = reverse("admin:tiepdan_session_directive_change", args=[directive.pk])
        label, form_class = MOVES[move]
        if move not in allowed_moves(request.user, directive):
            messages.error(request, _("This action is not available for this directive now."))
            return redirect(change_url)
        form = form_class(request.POST or None, request.FILES or None)
        for field in form.fields.values():
            field.label = capfirst(field.label)
        if request.method == "POST" and form.is_valid():
            try:
                _run_move(request.user, directive, move, form.cleaned_data)
            except Invalid as exc:
                for field, errors in exc.fields.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
                if not exc.fields:
                    form.add_error(None, exc.message)
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect(change_url)
            else:
                messages.success(request, _("Done: “%(action)s”.") % {"action": label})
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{label} — #{directive.pk} ({directive.case.code})",
            "directive": directive,
            "label": label,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "tiepdan_session/admin/directive_move.html", context)


class CaseAnswerForm(forms.ModelForm):
    upload = forms.FileField(label=_("answer file"), required=False)

    class Meta:
        model = CaseAnswer
        fields = ("case", "number", "answered_on")


@admin.register(CaseAnswer)
class CaseAnswerAdmin(ServiceSavingMixin, ScopedModelAdmin):
    """The written answer to the citizen of a heard case with no directive: recording it closes the case."""

    form = CaseAnswerForm
    list_display = ("case_code", "number", "answered_on", "recorded_at")
    list_select_related = ("case",)
    search_fields = ("case__code", "number")
    ordering = ("-recorded_at",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and directives.can_record_answer(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("case", "number", "answered_on", "upload")
        return ("case", "number", "answered_on", "file_name", "recorded_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("case", "number", "answered_on", "file_name", "recorded_at")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            # Heard cases with no directive and no answer yet: the code only (no title in the picker).
            kwargs["queryset"] = (
                Case.objects.visible_to(request.user)
                .filter(state="received")
                .exclude(pk__in=Directive.objects.values("case_id"))
                .exclude(pk__in=CaseAnswer.objects.values("case_id"))
                .order_by("code")
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = lambda case: case.code
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("answered_on", timezone.localdate())
        return initial

    @admin.display(description=_("case"), ordering="case__code")
    def case_code(self, obj):
        return obj.case.code

    def save_through_service(self, request, obj, form, change):
        data = form.cleaned_data
        return directives.record_case_answer(
            data["case"],
            actor=request.user,
            number=data["number"],
            answered_on=data["answered_on"],
            file=data.get("upload"),
        )
