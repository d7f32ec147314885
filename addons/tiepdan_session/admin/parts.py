"""The parts of a session, each screen saving through services/planning.py."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_bridge.admin.base import ScopedModelAdmin, ServiceSavingMixin
from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.admin.base import row_id
from addons.tiepdan_case.admin.links import ProtectedFileWidget, file_link
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.scoping import shielded_case_q
from addons.tiepdan_case.services import identity
from addons.tiepdan_case.services.errors import Invalid

from ..models import (
    AgendaItem,
    DossierRequest,
    Invitation,
    ReceptionSession,
    SecurityAssessment,
    SessionAgency,
    SessionSite,
)
from ..services import planning
from ..workqueue import DOSSIER_QUEUES, INVITATION_QUEUES, QUEUE_PARAM, filter_queue


def queue_filter(queues):
    """The home work queue's lines open the list through this filter (the same filters as their counts)."""

    class WorkQueueFilter(admin.SimpleListFilter):
        title = _("work to do")
        parameter_name = QUEUE_PARAM

        def lookups(self, request, model_admin):
            return [(code, label()) for code, (label, _q) in queues.items()]

        def queryset(self, request, queryset):
            return filter_queue(queryset, queues, self.value()) if self.value() else queryset

    return WorkQueueFilter


def _editable_sessions(request):
    return ReceptionSession.objects.visible_to(request.user).filter(state__in=planning.EDITABLE_STATES)


class _PlanningPart(ServiceSavingMixin, ScopedModelAdmin):
    """Added and removed by the board while the session is prepared; never edited in place."""

    list_select_related = ("session",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and planning.can_plan(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return (
            super().has_delete_permission(request, obj)
            and planning.can_plan(request.user)
            and (obj is None or obj.session.state in planning.EDITABLE_STATES)
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if row_id(request.GET.get("session")) is not None:
            initial["session"] = row_id(request.GET["session"])
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            kwargs["queryset"] = _editable_sessions(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_actions(self, request):
        return {}  # one row at a time, through the service


@admin.register(AgendaItem)
class AgendaItemAdmin(_PlanningPart):
    list_display = ("session", "order", "case_code", "case_type", "slot")
    list_filter = ("session__state",)
    list_select_related = ("session", "case")
    fields = ("session", "case", "order", ("slot_start", "slot_end"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            # Only accepted cases the user may see in full (a picker prints the title).
            kwargs["queryset"] = (
                Case.objects.visible_to(request.user)
                .filter(state="accepted")
                .exclude(shielded_case_q(request.user))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        for name in ("order", "slot_start", "slot_end"):
            if name in form.base_fields:
                form.base_fields[name].required = False
        return form

    @admin.display(description=_("case"))
    def case_code(self, obj):
        return obj.case.code

    @admin.display(description=_("type"))
    def case_type(self, obj):
        return obj.case.get_case_type_display()

    @admin.display(description=_("slot"))
    def slot(self, obj):
        return f"{timezone.localtime(obj.slot_start):%d/%m/%Y %H:%M}–{timezone.localtime(obj.slot_end):%H:%M}"

    def save_through_service(self, request, obj, form, change):
        data = form.cleaned_data
        return planning.add_case(
            request.user,
            data["session"],
            data["case"],
            data.get("slot_start"),
            data.get("slot_end"),
            data.get("order"),
        )

    def delete_model(self, request, obj):
        planning.remove_case(request.user, obj)


@admin.register(SessionSite)
class SessionSiteAdmin(_PlanningPart):
    list_display = ("session", "site", "from_agenda")
    list_select_related = ("session", "site")
    fields = ("session", "site")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = BridgeSite.objects.filter(level="xa", is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_through_service(self, request, obj, form, change):
        return planning.add_site(request.user, form.cleaned_data["session"], form.cleaned_data["site"])

    def delete_model(self, request, obj):
        planning.remove_site(request.user, obj)


@admin.register(SessionAgency)
class SessionAgencyAdmin(_PlanningPart):
    list_display = ("session", "agency", "duty")
    list_filter = ("duty",)
    list_select_related = ("session", "agency")
    fields = ("session", "agency", "duty", "note")

    def save_through_service(self, request, obj, form, change):
        d = form.cleaned_data
        return planning.invite_agency(request.user, d["session"], d["agency"], d["duty"], d.get("note"))

    def delete_model(self, request, obj):
        planning.remove_agency(request.user, obj)


@admin.register(DossierRequest)
class DossierRequestAdmin(ServiceSavingMixin, ScopedModelAdmin):
    list_display = ("session", "agency", "item", "deadline", "submitted_at")
    list_filter = (queue_filter(DOSSIER_QUEUES), "agency")
    list_select_related = ("session", "agency", "agenda_item__case")
    ADD_FIELDS = ("session", "agenda_item", "agency", "deadline")
    BRIEFING_FIELDS = ("briefing", "briefing_file")

    @admin.display(description=_("agenda item"))
    def item(self, obj):
        return f"{obj.agenda_item.order}. {obj.agenda_item.case.code}"

    @admin.display(description=_("briefing file"))
    def briefing_file_link(self, obj):
        if not obj.briefing_file:
            return "-"
        return file_link(reverse("tiepdan_session:briefing_file", args=[obj.pk]), obj.briefing_file_name)

    def _briefing_fields(self, request, obj):
        if planning.can_submit_briefing(request.user, obj):
            return self.BRIEFING_FIELDS
        return ("briefing", "briefing_file_link")  # the stored file only through the checking view

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.ADD_FIELDS
        return (
            "session",
            "item",
            "agency",
            "deadline",
            *self._briefing_fields(request, obj),
            "submitted_at",
            "submitted_by",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = ("session", "item", "agency", "deadline", "submitted_at", "submitted_by")
        if not planning.can_submit_briefing(request.user, obj):
            readonly += self._briefing_fields(request, obj)
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("briefing_file")
        if field is not None and obj is not None and obj.briefing_file:
            url = reverse("tiepdan_session:briefing_file", args=[obj.pk])
            field.widget = ProtectedFileWidget(url, obj.briefing_file_name)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            kwargs["queryset"] = _editable_sessions(request)
        elif db_field.name == "agenda_item":
            kwargs["queryset"] = (
                AgendaItem.objects.visible_to(request.user)
                .filter(session__state__in=planning.EDITABLE_STATES)
                .select_related("case")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and planning.can_plan(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or planning.can_submit_briefing(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_through_service(self, request, obj, form, change):
        d = form.cleaned_data
        if not change:
            if d["agenda_item"].session_id != d["session"].pk:
                message = _("Choose an item of this session's agenda.")
                raise Invalid(message, fields={"agenda_item": [message]})
            return planning.request_dossier(request.user, d["agenda_item"], d["agency"], d["deadline"])
        upload = request.FILES.get("briefing_file")
        return planning.submit_briefing(request.user, obj, d.get("briefing", ""), upload)


@admin.register(Invitation)
class InvitationAdmin(ServiceSavingMixin, ScopedModelAdmin):
    list_display = ("session", "case_code", "citizen_name", "role", "site", "status", "delivered_at")
    list_filter = (queue_filter(INVITATION_QUEUES), "status", "session__state")
    list_select_related = ("session", "citizen", "site", "agenda_item__case")
    search_fields = ("session__code", "agenda_item__case__code")
    EDITABLE = ("site", "status", "delivery_method", "delivered_at", "responded_at", "note")
    fields = ("session", "case_code", "citizen_name", "role", *EDITABLE)

    @admin.display(description=_("case"))
    def case_code(self, obj):
        return obj.agenda_item.case.code

    @admin.display(description=_("citizen"))
    def citizen_name(self, obj):
        return identity.citizen_fields(None, obj.agenda_item.case, obj.citizen, masked=False)["full_name"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ("session", "case_code", "citizen_name", "role")
        if obj is None or not planning.can_manage_invitation(request.user, obj):
            readonly += self.EDITABLE
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            obj_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            invitation = (
                Invitation.objects.visible_to(request.user).filter(pk=obj_id).first()
                if str(obj_id).isdigit()
                else None
            )
            kwargs["queryset"] = (
                planning.allowed_invitation_sites(invitation.session)
                if invitation
                else BridgeSite.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return False  # derived from the agenda's cases

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or planning.can_manage_invitation(request.user, obj)

    def get_actions(self, request):
        return {}

    def save_through_service(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in self.EDITABLE if k in form.cleaned_data}
        original = Invitation.objects.get(pk=obj.pk)
        return planning.update_invitation(request.user, original, data)


@admin.register(SecurityAssessment)
class SecurityAssessmentAdmin(ServiceSavingMixin, ScopedModelAdmin):
    list_display = ("session", "site", "risk_level", "assessed_by", "assessed_at")
    list_filter = ("risk_level",)
    list_select_related = ("session", "site", "assessed_by")
    fields = ("session", "site", "risk_level", "note")

    def get_readonly_fields(self, request, obj=None):
        return ("session", "site") if obj is not None else ()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name in ("session", "site"):
            if row_id(request.GET.get(name)) is not None:
                initial[name] = row_id(request.GET[name])
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            kwargs["queryset"] = ReceptionSession.objects.visible_to(request.user).filter(
                state__in=planning.INVITATION_STATES
            )
        elif db_field.name == "site":
            kwargs["queryset"] = BridgeSite.objects.visible_to(request.user).filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and planning.can_assess_security(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and planning.can_assess_security(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_through_service(self, request, obj, form, change):
        d = form.cleaned_data
        session = obj.session if change else d["session"]
        site = obj.site if change else d["site"]
        return planning.assess_security(request.user, session, site, d["risk_level"], d.get("note", ""))
