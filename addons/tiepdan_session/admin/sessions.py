"""Sessions: the list (with the periodic-reception warning), the page with its parts, history and moves."""

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
from unfold.widgets import UnfoldAdminSplitDateTimeWidget, UnfoldAdminTextareaWidget

from addons.tiepdan_bridge.admin.base import ScopedModelAdmin, ServiceSavingMixin
from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.admin.deletion import SoftDeleteAdminMixin
from addons.tiepdan_case.admin.links import ProtectedFileWidget, file_link
from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.errors import DomainError, Invalid

from ..choices import SessionState
from ..models import AgendaItem, Invitation, ReceptionSession, SecurityAssessment
from ..panels import page_panels
from ..services import console, periodic, planning, presentation, recordings, workflow
from ..workqueue import SESSION_QUEUES
from . import recordings as recording_admin
from .parts import queue_filter

STATE_COLOURS = {
    SessionState.DRAFT: "info",
    SessionState.APPROVED: "warning",
    SessionState.ANNOUNCED: "success",
    SessionState.READY: "success",
    SessionState.IN_PROGRESS: "success",
    SessionState.CONCLUDED: "info",
    SessionState.CLOSED: "info",
    SessionState.CANCELLED: "danger",
}
PUBLIC_ONLY_ROLES = frozenset({R.BAO_PTTH})


def public_only(user) -> bool:
    """bao_ptth reads the public facts only (time, sites, bodies, focus, number of cases by type)."""
    roles = user_roles(user)
    return bool(roles & PUBLIC_ONLY_ROLES) and not roles - PUBLIC_ONLY_ROLES and not user.is_superuser


class TransitionForm(forms.Form):
    start = forms.SplitDateTimeField(
        label=_("new start"), required=False, widget=UnfoldAdminSplitDateTimeWidget
    )
    end = forms.SplitDateTimeField(label=_("new end"), required=False, widget=UnfoldAdminSplitDateTimeWidget)
    note = forms.CharField(
        label=_("reason"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 4})
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        if not action.needs_time:
            del self.fields["start"], self.fields["end"]
        else:
            self.fields["start"].required = self.fields["end"].required = True
        if action.needs_note:
            self.fields["note"].required = True
        else:
            self.fields["note"].label = _("note (optional)")
        for field in self.fields.values():
            field.label = capfirst(field.label)


def _needs_form(action) -> bool:
    return action.needs_note or action.needs_time


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(
    SoftDeleteAdminMixin, recording_admin.RecordingAdminMixin, ServiceSavingMixin, ScopedModelAdmin
):
    list_display = ("code", "title", "kind", "starts", "host_site", "state_badge")
    list_display_links = ("code", "title")
    list_filter = (queue_filter(SESSION_QUEUES), "state", "kind", "central_participation")
    list_select_related = ("host_site",)
    search_fields = ("code", "title")
    date_hierarchy = "start"
    list_before_template = "tiepdan_session/admin/session_list_before.html"
    change_form_outer_before_template = "tiepdan_session/admin/session_actions.html"
    change_form_outer_after_template = "tiepdan_session/admin/session_panels.html"
    FIELDSETS = (
        (None, {"fields": ("kind", "title", "focus", ("start", "end"))}),
        (
            _("Chair"),
            {
                "fields": (
                    "chair",
                    "chair_capacity",
                    ("authorisation_number", "authorisation_date"),
                    "authorisation_file",
                )
            },
        ),
        (
            _("Sites and people"),
            {
                "fields": (
                    "host_site",
                    ("central_participation", "central_body"),
                    "note_taker",
                    "external_meeting_url",
                )
            },
        ),
    )
    STATUS_FIELDSET = (_("Status"), {"fields": (("code", "state"),)})
    PUBLIC_FIELDS = ("code", "title", "kind", "focus", "start", "end", "host_site", "state")

    def get_fieldsets(self, request, obj=None):
        if obj is not None and public_only(request.user):
            return ((None, {"fields": self.PUBLIC_FIELDS}),)
        fieldsets = self.FIELDSETS if obj is None else (self.STATUS_FIELDSET, *self.FIELDSETS)
        if planning.can_plan(request.user):
            return fieldsets
        # The meeting link is given only to those who join (the video panel), never as a field; the
        # authorisation's stored file only through the checking download view.
        shown = {"external_meeting_url": None, "authorisation_file": "authorisation_file_link"}
        return tuple(
            (
                title,
                {
                    **opts,
                    "fields": tuple(
                        shown.get(f, f) for f in opts["fields"] if not (f in shown and shown[f] is None)
                    ),
                },
            )
            for title, opts in fieldsets
        )

    @admin.display(description=_("authorisation document"))
    def authorisation_file_link(self, obj):
        if not obj.authorisation_file:
            return "-"
        url = reverse("tiepdan_session:authorisation_file", args=[obj.pk])
        return file_link(url, _("Download the authorisation"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("authorisation_file")
        if field is not None and obj is not None and obj.authorisation_file:
            url = reverse("tiepdan_session:authorisation_file", args=[obj.pk])
            field.widget = ProtectedFileWidget(url, _("Download the authorisation"))
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and public_only(request.user):
            return self.PUBLIC_FIELDS
        fields = ["code", "state", "authorisation_file_link"]
        if obj is not None and obj.state != SessionState.DRAFT:
            fields += ["start", "end"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from django.contrib.auth import get_user_model

        if db_field.name == "host_site":
            kwargs["queryset"] = BridgeSite.objects.filter(level="tinh", can_host=True, is_active=True)
        elif db_field.name == "central_body":
            kwargs["queryset"] = Agency.objects.filter(kind="trung_uong", is_active=True)
        elif db_field.name == "chair":
            kwargs["queryset"] = get_user_model().objects.filter(groups__name=R.CHU_TICH, is_active=True)
        elif db_field.name == "note_taker":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name__in=[R.BAN_TCD, R.VP_UBND], is_active=True)
                .distinct()
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("chair", "note_taker"):
            field.label_from_instance = lambda u: u.get_full_name() or u.username
        return field

    def has_add_permission(self, request):
        return super().has_add_permission(request) and planning.can_plan(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj) or not planning.can_plan(request.user):
            return False
        return obj is None or obj.state in planning.EDITABLE_STATES

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description=_("start"), ordering="start")
    def starts(self, obj):
        return timezone.localtime(obj.start).strftime("%d/%m/%Y %H:%M")

    @display(description=_("state"), ordering="state", label=STATE_COLOURS)
    def state_badge(self, obj):
        return obj.state, obj.get_state_display()

    def save_through_service(self, request, obj, form, change):
        names = form.changed_data if change else list(form.cleaned_data)
        data = {k: form.cleaned_data[k] for k in names if k in planning.SESSION_FIELDS}
        return planning.save_session(request.user, obj if change else None, data)

    def changelist_view(self, request, extra_context=None):
        extra = {
            "periodic_warnings": periodic.missing_months_warnings(),
            "calendar_url": reverse("tiepdan_session:calendar"),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        session = self.get_object(request, object_id)
        if session is None:
            raise Http404
        extra = self._panels(request, session)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def _panels(self, request, session):
        user = request.user
        if public_only(user):
            return {
                "session": session,
                "public_only": True,
                "public": presentation.public_facts(session),
                "can_attach_article": session.state in recordings.ARTICLE_STATES,
            }
        agenda = (
            AgendaItem.objects.visible_to(user).filter(session=session).select_related("case", "case__unit")
        )
        invitations = (
            Invitation.objects.visible_to(user)
            .filter(session=session)
            .select_related("citizen", "site", "agenda_item__case")
        )
        return {
            "session": session,
            "session_actions": [
                {"action": a, "needs_form": _needs_form(a)} for a in workflow.allowed_actions(user, session)
            ],
            "agenda": [presentation.agenda_row(user, item) for item in agenda],
            "site_counts": presentation.site_counts(session),
            "agencies": session.agencies.select_related("agency"),
            "invitations": invitations,
            "assessments": SecurityAssessment.objects.visible_to(user)
            .filter(session=session)
            .select_related("site"),
            "can_plan": planning.can_plan(user) and session.state in planning.EDITABLE_STATES,
            "history": presentation.history_rows(history_of(session)[:100]),
            "video": presentation.video_context(user, session),
            "on_the_day": session.state in console.DAY_STATES,
            "console_link": session.state in console.DAY_STATES and console.is_operator(user),
            "recordings": recording_admin.panel(user, session),
            "extra_panels": page_panels(request, session),
        }

    # ----- moves -----

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/chuyen-trang-thai/<str:action_code>/",
                self.admin_site.admin_view(self.transition_view),
                name="tiepdan_session_receptionsession_transition",
            ),
        ]
        return own + self.recording_urls() + super().get_urls()

    def transition_view(self, request, object_id, action_code):
        session = (
            self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        )
        action = workflow.ACTIONS.get(action_code)
        if session is None or action is None:
            raise Http404
        change_url = reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk])
        allowed = action.code in {a.code for a in workflow.allowed_actions(request.user, session)}
        form = TransitionForm(request.POST or None, action=action)
        if request.method == "POST":
            if allowed and _needs_form(action) and not form.is_valid():
                return self._transition_page(request, session, action, form)
            values = form.cleaned_data if form.is_bound and form.is_valid() else {}
            try:
                workflow.perform(
                    request.user,
                    session.pk,
                    action.code,
                    note=values.get("note", "") or request.POST.get("note", ""),
                    start=values.get("start"),
                    end=values.get("end"),
                )
            except Invalid as exc:
                if allowed and _needs_form(action):
                    for field, errors in exc.fields.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                    return self._transition_page(request, session, action, form)
                messages.error(request, exc.message)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Done: “%(action)s” for session %(code)s.")
                    % {"action": action.label, "code": session.code},
                )
            return redirect(change_url)
        if not allowed:
            messages.error(request, _("This action is not available for this session now."))
            return redirect(change_url)
        return self._transition_page(request, session, action, form)

    def _transition_page(self, request, session, action, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{action.label} — {session.code}",
            "session": session,
            "action": action,
            "form": form,
            "change_url": reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]),
        }
        return TemplateResponse(request, "tiepdan_session/admin/session_transition.html", context)
