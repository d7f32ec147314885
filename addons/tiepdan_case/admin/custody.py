"""Identity custody screens (issue 12): the list of requests (a custodian sees every request about the
cases they see; anyone else only their own), the request form opened from a denunciation's page, and the
custodian's decision form. Rows are written only by services/custody.py and never edited."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminTextareaWidget,
)

from ..models import Case, IdentityAccessRequest
from ..scoping import identity_requests_visible_to
from ..services import custody
from ..services.errors import DomainError
from .base import ReadOnlyAdminMixin


class RequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need the identity"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        help_text=_("Kept in the case's history; the custodian decides on it."),
    )


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Grant")), ("0", _("Deny"))],
        coerce=lambda value: value == "1",
        widget=UnfoldAdminRadioSelectWidget,
    )
    days = forms.IntegerField(
        label=_("Days of access (when granted)"),
        min_value=1,
        required=False,
        initial=7,
        widget=UnfoldAdminIntegerFieldWidget,
    )
    reason = forms.CharField(label=_("Reason"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}))


def status_of(access) -> str:
    try:
        decision = access.decision
    except IdentityAccessRequest.decision.RelatedObjectDoesNotExist:
        decision = None
    if decision is None:
        return str(_("Waiting for a decision"))
    if not decision.granted:
        return str(_("Denied"))
    until = f"{timezone.localtime(decision.expires_at):%d/%m/%Y %H:%M}"
    if decision.expires_at <= timezone.now():
        return str(_("Granted, ended %(date)s") % {"date": until})
    return str(_("Granted until %(date)s") % {"date": until})


class WaitingFilter(admin.SimpleListFilter):
    """ "Waiting for a decision": the custodian's work-queue line opens exactly these rows."""

    title = _("status")
    parameter_name = "cho_quyet_dinh"

    def lookups(self, request, model_admin):
        return [("1", _("Waiting for a decision"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(decision__isnull=True).exclude(requester=request.user)
        return queryset


@admin.register(IdentityAccessRequest)
class IdentityAccessRequestAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ("at", "case_code", "requester_name", "reason", "status", "decide_link")
    list_display_links = None
    list_filter = (WaitingFilter,)
    list_select_related = ("case", "requester", "decision")
    list_per_page = 50

    def get_queryset(self, request):
        qs = IdentityAccessRequest.objects.select_related("case", "requester", "decision")
        return identity_requests_visible_to(request.user, qs)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        extra = [
            path(
                "hoi/<int:case_id>/",
                self.admin_site.admin_view(self.request_view),
                name="tiepdan_case_identityaccessrequest_ask",
            ),
            path(
                "<int:pk>/quyet-dinh/",
                self.admin_site.admin_view(self.decide_view),
                name="tiepdan_case_identityaccessrequest_decide",
            ),
        ]
        return extra + super().get_urls()

    @admin.display(description=_("case"))
    def case_code(self, obj):
        return obj.case.code

    @admin.display(description=_("requested by"))
    def requester_name(self, obj):
        return obj.requester.get_full_name() or obj.requester.username

    @admin.display(description=_("status"))
    def status(self, obj):
        return status_of(obj)

    @admin.display(description="")
    def decide_link(self, obj):
        request = getattr(self, "_request", None)
        if request is None or status_of(obj) != str(_("Waiting for a decision")):
            return ""
        if not custody.is_custodian(request.user) or obj.requester_id == request.user.pk:
            return ""
        url = reverse("admin:tiepdan_case_identityaccessrequest_decide", args=[obj.pk])
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>', url, _("Decide"))

    def changelist_view(self, request, extra_context=None):
        self._request = request
        return super().changelist_view(request, extra_context)

    def _page(self, request, title, form, **context):
        return TemplateResponse(
            request,
            "tiepdan_case/admin/identity_access.html",
            {**self.admin_site.each_context(request), "title": title, "form": form, **context},
        )

    def request_view(self, request, case_id):
        if not self.has_view_permission(request):
            raise Http404
        case = Case.objects.visible_to(request.user).filter(pk=case_id).first()
        if case is None or not case.is_protected:
            raise Http404
        back = reverse("admin:tiepdan_case_case_change", args=[case.pk])
        form = RequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                custody.request_access(request.user, case, form.cleaned_data["reason"])
            except DomainError as error:
                form.add_error("reason" if "reason" in error.fields else None, error.message)
            else:
                messages.success(request, _("Your request was sent to the custodians."))
                return redirect(back)
        return self._page(request, _("Ask to see the denouncer's identity"), form, case=case, back=back)

    def decide_view(self, request, pk):
        access = self.get_queryset(request).filter(pk=pk).first()
        if access is None or not custody.is_custodian(request.user):
            raise Http404
        back = reverse("admin:tiepdan_case_identityaccessrequest_changelist")
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                custody.decide(
                    request.user,
                    access,
                    granted=data["granted"],
                    reason=data["reason"],
                    days=data.get("days"),
                )
            except DomainError as error:
                field = next((f for f in error.fields if f in form.fields), None)
                form.add_error(field, error.message)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect(back)
        return self._page(request, _("Decide on the identity access request"), form, access=access, back=back)
