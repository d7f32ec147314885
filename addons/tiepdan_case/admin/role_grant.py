"""Role grant requests (issue 6): a content-reading role asked for by one administrator and given only
when a second person approves. The add page asks (quan_tri); the change page of a pending request
decides (another administrator or vp_ubnd). Everything goes through services/role_grants.py."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextareaWidget

from ..models import RoleGrantRequest
from ..roles import CONTENT_READING_ROLES, ROLE_NAMES
from ..services import role_grants
from .base import ScopedModelAdmin

DECISIONS = [("approve", _("Approve: give the role")), ("refuse", _("Refuse"))]


class RequestForm(forms.ModelForm):
    class Meta:
        model = RoleGrantRequest
        fields = ("user", "role", "reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            self.fields["role"].choices = [
                (r, ROLE_NAMES[r]) for r in ROLE_NAMES if r in CONTENT_READING_ROLES
            ]


class DecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(label=_("decision"), choices=DECISIONS, widget=UnfoldAdminSelectWidget)
    note = forms.CharField(
        label=_("decision note"),
        required=False,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}),
        help_text=_("Required when refusing."),
    )

    class Meta:
        model = RoleGrantRequest
        fields = ()


@admin.register(RoleGrantRequest)
class RoleGrantRequestAdmin(ScopedModelAdmin):
    list_display = ("user", "role_name", "state", "requested_by", "requested_at", "decided_by", "decided_at")
    list_filter = ("state", "role")
    list_select_related = ("user", "requested_by", "decided_by")
    search_fields = ("user__username", "user__last_name", "user__first_name")
    autocomplete_fields = ("user",)
    ordering = ("-requested_at", "-id")

    @admin.display(description=_("role"))
    def role_name(self, obj):
        return ROLE_NAMES.get(obj.role, obj.role)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and role_grants.can_request(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return role_grants.can_decide(request.user)
        return obj.state == RoleGrantRequest.State.PENDING and role_grants.can_decide(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the requests are the log of who asked and who decided

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = DecisionForm if obj is not None else RequestForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "role", "reason")
        shown = ("user", "role_name", "reason", "state", "requested_by", "requested_at")
        shown += ("decided_by", "decided_at", "decision_note")
        if self.has_change_permission(request, obj):
            shown += ("decision", "note")
        return shown

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("user", "role_name", "reason", "state", "requested_by", "requested_at", "decided_by",
                "decided_at", "decision_note")  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Never one's own account (nobody changes their own roles).
            kwargs["queryset"] = get_user_model().objects.exclude(pk=request.user.pk).filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # A DomainError the service raises is shown on the form (ScopedModelAdmin.changeform_view).
        data = form.cleaned_data
        if not change:
            saved = role_grants.request_role_grant(
                request.user, data["user"], data["role"], reason=data["reason"]
            )
        elif data["decision"] == "approve":
            saved = role_grants.approve_role_grant(request.user, obj, note=data["note"])
        else:
            saved = role_grants.refuse_role_grant(request.user, obj, note=data["note"])
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # no related rows: the service wrote everything
