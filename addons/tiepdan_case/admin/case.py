"""Cases: the list, the detail page with citizens, documents, receptions, history and workflow buttons."""

import copy
from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import DateFieldListFilter
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.paginator import Paginator
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from .. import queues
from ..choices import CaseState, Eligibility, RefusalGround
from ..models import Case, CaseParticipant, Citizen, IdentityAccessLog, IdentityAccessRequest
from ..scoping import shielded_case_q, shielded_flag
from ..services import audit, case_workflow, custody, deadlines, identity, refusals
from ..services import cases as case_service
from ..services import handlers as handler_service
from ..services import receptions as reception_service
from ..services.errors import DomainError, Invalid
from ..services.search import search_cases
from . import links
from .base import CapitalisedLabelsMixin, ScopedModelAdmin, only_commune_role
from .custody import status_of
from .deletion import SoftDeleteAdminMixin

STATE_COLOURS = {
    CaseState.DRAFT: "info",
    CaseState.SUBMITTED: "warning",
    CaseState.ACCEPTED: "success",
    CaseState.RETURNED: "warning",
    CaseState.REJECTED: "danger",
    CaseState.SCHEDULED: "success",
    CaseState.RECEIVED: "success",
    CaseState.FOLLOWING_UP: "info",
    CaseState.CLOSED: "info",
    CaseState.WITHDRAWN: "danger",
    CaseState.IN_PERSON: "info",
}
# Row by row, get_state_display() rebuilds a dict of every state's (lazy) label; this one is built once.
STATE_LABELS = dict(CaseState.choices)


def _handler_label(user) -> str:
    """'Lê Văn Tiếp — Ban TCD-NC (ban_tcd)': a person and their agency, not a bare login name."""
    name = user.get_full_name() or user.username
    agency = getattr(getattr(user, "profile", None), "agency", None)
    return f"{name} — {agency} ({user.username})" if agency else f"{name} ({user.username})"


def _participants_masked(request, case) -> bool:
    if case is None:
        return False
    decided = getattr(case, "viewer_masked", None)  # get_object decided it on the stored case
    return decided if decided is not None else identity.must_mask(request.user, case)


def _participants_editable(request, case) -> bool:
    if case is None or case.pk is None:
        return case_service.can_create(request.user)
    return not _participants_masked(request, case) and case_service.can_edit(request.user, case)


class MaskingParticipantFormSet(BaseInlineFormSet):
    """The inline prints each row's str() (the citizen's name): mask it in memory for shielded rows.
    Those rows are read-only, so the changed name can never be saved. Whether each citizen's page opens
    for this user (the read-only name's link) is asked once for all rows."""

    def get_queryset(self):
        queryset = super().get_queryset()
        shown = []
        for participant in queryset:
            if getattr(participant, "is_masked", True):
                participant.citizen.full_name = str(identity.MASKED_NAME)
            else:
                shown.append(participant.citizen_id)
        if shown:
            links.prime(links.current_request.get(), Citizen, shown)
        return queryset

    def _citizen_labels(self) -> dict:
        """The pickers' selected citizens, {id: label}, in one query for every row (the picker alone asks
        once per row); only citizens the picker's own queryset (the user's scope) holds."""
        if not hasattr(self, "_labels"):
            field = self.form.base_fields.get("citizen")
            ids = {p.citizen_id for p in self.get_queryset() if not getattr(p, "is_masked", True)}
            self._labels = (
                {str(c.pk): field.label_from_instance(c) for c in field.queryset.filter(pk__in=ids)}
                if field is not None and ids
                else {}
            )
        return self._labels

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        field = form.fields.get("citizen")
        picker = getattr(field.widget, "widget", None) if field is not None else None
        if isinstance(picker, PreloadedAutocompleteSelect) and i < self.initial_form_count():
            picker.known_labels = self._citizen_labels  # asked only if the picker is drawn (editable rows)
        return form


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """The autocomplete picker, drawing its selected option from labels the formset fetches once for all
    its rows (`known_labels`: a callable answering {id: label}) instead of a query per row; any other
    value is looked up as before."""

    known_labels = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = self.known_labels() if self.known_labels else {}
        if not selected or not selected <= known.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for pk in sorted(selected):
            default[1].append(self.create_option(name, int(pk), known[pk], selected, len(default[1])))
        return [default]


class ParticipantInline(TabularInline):
    """The citizens of a case. For a protected denunciation seen by a non-handler: read-only and masked."""

    model = CaseParticipant
    formset = MaskingParticipantFormSet
    extra = 0
    autocomplete_fields = ("citizen",)
    verbose_name = _("citizen in the case")
    verbose_name_plural = _("citizens in the case")
    MASKED_FIELDS = ("masked_name", "masked_id_number", "masked_phone", "masked_address", "role")

    READONLY_TEMPLATE = "tiepdan_case/admin/participants_readonly.html"

    def get_formset(self, request, obj=None, **kwargs):
        # This instance serves one request (Django makes the inlines per request): a viewer who may not
        # change the people gets the flat read-only table, the same as Unfold's read-only rows.
        if not self._editable(request, obj):
            self.template = self.READONLY_TEMPLATE
            # Every column is read-only (drawn from the rows, as readonly_fields are): the form needs only
            # the row's id and case, not a citizen picker whose scoped queryset and form fields cost ~3 ms
            # a page (issue 13). save_formset saves nothing for this viewer.
            kwargs.setdefault("fields", ())
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return (
            CaseParticipant.objects.visible_to(request.user)
            .select_related("citizen", "case")
            .annotate(is_masked=shielded_flag(request.user, "case_id"))
        )

    def _masked(self, request, obj):
        return _participants_masked(request, obj)

    def get_fields(self, request, obj=None):
        if self._masked(request, obj):
            return self.MASKED_FIELDS
        return ("citizen", "citizen_identity", "citizen_phone", "role", "authorization_document")

    def get_readonly_fields(self, request, obj=None):
        if self._masked(request, obj):
            return self.MASKED_FIELDS
        return ("citizen_identity", "citizen_phone")

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "citizen":
            # The same citizens the API accepts (VisibleCitizenField): an id typed by hand outside the
            # user's scope would otherwise join their case and show that person's identity.
            kwargs["queryset"] = Citizen.objects.visible_to(request.user)
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _editable(self, request, obj):
        return _participants_editable(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)

    def _identity(self, obj):
        return identity.citizen_fields(None, obj.case, obj.citizen, masked=getattr(obj, "is_masked", True))

    @admin.display(description=_("full name"))
    def masked_name(self, obj):
        return self._identity(obj)["full_name"]

    @admin.display(description=_("identity number"))
    def masked_id_number(self, obj):
        return self._identity(obj)["id_number"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return self._identity(obj)["phone"]

    @admin.display(description=_("address"))
    def masked_address(self, obj):
        return self._identity(obj)["address"]

    @admin.display(description=_("identity number"))
    def citizen_identity(self, obj):
        return obj.citizen.id_number if obj.pk else ""

    @admin.display(description=_("phone"))
    def citizen_phone(self, obj):
        return obj.citizen.phone_display if obj.pk else ""


class TransitionForm(CapitalisedLabelsMixin, forms.Form):
    """The small form some moves need: a reason, the eligibility, the refusal ground."""

    eligibility = forms.ChoiceField(
        label=_("eligibility for online reception"),
        choices=[("", "---------"), *Eligibility.choices],
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    refusal_ground = forms.ChoiceField(
        label=_("refusal ground"),
        choices=[("", "---------"), *RefusalGround.choices],
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    note = forms.CharField(
        label=_("reason"),
        required=False,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        help_text=_("Written in the case history and sent to the commune."),
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        if "eligibility" not in action.params:
            del self.fields["eligibility"]
        else:
            self.fields["eligibility"].required = True
        if "refusal_ground" not in action.params:
            del self.fields["refusal_ground"]
        else:
            self.fields["refusal_ground"].required = True
        if action.needs_note:
            self.fields["note"].required = True
        else:
            self.fields["note"].label = capfirst(_("note (optional)"))


class RefusalNoticeForm(CapitalisedLabelsMixin, forms.Form):
    """The number and date of the written refusal notice (Mẫu 01/TCD, NĐ 154 art. 4.3)."""

    number = forms.CharField(
        label=_("refusal notice number"), max_length=60, widget=UnfoldAdminTextInputWidget
    )
    issued_on = forms.DateField(label=_("refusal notice issued on"), widget=UnfoldAdminSingleDateWidget)


# The case page shows the latest lines of the history and links to the rest (issue 13: a case with years of
# history drew every line on every visit); the history page shows HISTORY_PAGE lines a page.
HISTORY_ON_CASE_PAGE = 20
HISTORY_PAGE = 100


def _needs_form(action) -> bool:
    return action.needs_note or bool(action.params)


# Moves that cannot be undone are confirmed on their own page first (the case page only links to it).
CONFIRM_TEXTS = {
    "submit": _(
        "Send this case to the province? After sending, the commune can no longer change it unless the "
        "province returns it."
    ),
    "reject": _("Reject this case? A rejected case is closed for good and cannot be reopened."),
    "withdraw": _("Withdraw this case? A withdrawn case is closed for good and cannot be reopened."),
}


def _screen_actions(user, case, submit_problems) -> list[dict]:
    """The buttons of the case page: the allowed moves, plus "Gửi về tỉnh" while reasons still block it."""
    actions = case_workflow.allowed_actions(user, case)
    if submit_problems:
        actions = [case_workflow.ACTIONS["submit"], *actions]
    return [
        {
            "action": a,
            "opens_page": _needs_form(a) or a.irreversible,
            "blocked": a.code == "submit" and bool(submit_problems),
        }
        for a in actions
    ]


class DeadlineFilter(admin.SimpleListFilter):
    """Overdue statutory steps: the answer to the citizen (Luật TCD art. 28.1) and a denunciation's initial
    processing and forwarding (Luật Tố cáo art. 24)."""

    title = _("overdue step")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [
            ("outcome", _("answer to the citizen overdue")),
            ("processing", _("initial processing of a denunciation overdue")),
            ("forwarding", _("forwarding of a denunciation overdue")),
        ]

    def queryset(self, request, queryset):
        if self.value() in deadlines.OVERDUE_KINDS:
            return queryset.filter(deadlines.overdue_q(self.value()))
        return queryset


class WorkQueueFilter(admin.SimpleListFilter):
    """The home work queue's lines open the list through this filter (same filters as their counts)."""

    title = _("work to do")
    parameter_name = queues.QUEUE_PARAM

    def lookups(self, request, model_admin):
        return [(code, label()) for code, (label, _q) in queues.QUEUE_FILTERS.items()]

    def queryset(self, request, queryset):
        return queues.filter_queue(queryset, self.value()) if self.value() else queryset


class CaseAdminForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("reason for the change of handlers or commune"),
        required=False,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}),
        help_text=_("Required when you name or remove a handler or move the case; kept in the history."),
    )


@admin.register(Case)
class CaseAdmin(SoftDeleteAdminMixin, ScopedModelAdmin):
    form = CaseAdminForm
    list_display = (
        "code",
        "case_type",
        "display_title",
        "unit",
        "received_on",
        "state_badge",
        "outcome_due_flag",
    )
    list_display_links = ("code", "display_title")
    # 40 rows keep the list under the 150 KB page budget with the sessions' sidebar group (issue 8).
    list_per_page = 40
    # A date filter of fixed ranges instead of a date hierarchy: that one ran MIN/MAX and a DISTINCT of
    # the years over the whole table on every page (issue 13).
    list_filter = (
        WorkQueueFilter,
        DeadlineFilter,
        "state",
        "case_type",
        "unit",
        "eligibility",
        "is_group",
        ("received_date", DateFieldListFilter),
    )
    list_select_related = ("unit",)
    search_fields = ("search_text",)
    search_help_text = _("Code, title or a citizen's name; accents are optional.")
    inlines = (ParticipantInline,)
    list_before_template = "tiepdan_case/admin/case_list_before.html"
    change_form_outer_before_template = "tiepdan_case/admin/case_actions.html"
    change_form_outer_after_template = "tiepdan_case/admin/case_panels.html"
    readonly_fields = ("code", "state", "outcome_due", "is_group", "refusal_notice", "denunciation_steps")
    # Named handlers are a short list of staff; a user picker needs no access to the user admin.
    autocomplete_fields = ("assigned_agencies", "unit")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("representatives_appointment_file")
        if field is not None:  # only this case's own documents
            from ..models import CaseAttachment

            field.queryset = CaseAttachment.objects.filter(case=obj) if obj else CaseAttachment.objects.none()
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "handlers":
            from unfold.widgets import UnfoldAdminSelect2MultipleWidget

            # Only people whose role may handle a case (services/handlers.py checks each against the case).
            kwargs["queryset"] = (
                handler_service.nameable_users()
                .select_related("profile__agency")
                .order_by("last_name", "first_name", "username")
            )
            kwargs["widget"] = UnfoldAdminSelect2MultipleWidget
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = _handler_label
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    COMMUNE_FIELDSETS = (
        (None, {"fields": ("case_type", "title", "summary")}),
        (
            _("Reception"),
            {
                "fields": (
                    ("received_date", "channel"),
                    ("organisation_name", "organisation_address"),
                    "group_size",
                    "representatives_appointment",
                    "representatives_appointment_file",
                    "identity_protection",
                    "is_repeat",
                    "wishes_online",
                )
            },
        ),
        (_("Earlier handling"), {"fields": ("previous_handling",)}),
    )
    OFFICE_FIELDSETS = (
        (None, {"fields": ("case_type", "title", "summary", "unit")}),
        (
            _("Reception"),
            {
                "fields": (
                    ("received_date", "channel"),
                    ("organisation_name", "organisation_address"),
                    "group_size",
                    "representatives_appointment",
                    "representatives_appointment_file",
                    "identity_protection",
                    "is_repeat",
                    "wishes_online",
                )
            },
        ),
        (
            _("Assessment"),
            {
                "fields": (
                    "eligibility",
                    "within_provincial_competence",
                    "needs_verification",
                    "processing_done_on",
                    "forwarded_on",
                    "previous_handling",
                    "outcome_notified_on",
                    "assigned_agencies",
                    "handlers",
                    "reason",
                )
            },
        ),
    )
    REDACTED_FIELDSET = (
        _("Redacted copy for those who do not handle the denunciation"),
        {
            "fields": ("redacted_title", "redacted_summary", "redacted_previous_handling"),
            "description": _(
                "Luật Tố cáo art. 56: everyone who does not handle the denunciation reads this copy, or "
                "“(nội dung được bảo mật)” until it is written. Leave out the denouncer's name, address, "
                "phone, identity numbers and anything else that identifies them."
            ),
        },
    )
    STATUS_FIELDSET = (
        _("Status"),
        {"fields": (("code", "state"), ("outcome_due", "is_group"), "denunciation_steps", "refusal_notice")},
    )

    # ----- list -----

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(is_shielded=shielded_flag(request.user))

    def _loggable(self, case):
        """Django's LogEntry keeps str(obj) for ever and shows it under "recent actions" and in the change
        log: for a protected denunciation it keeps the code and the type, never a title that may name the
        denouncer."""
        if not case.is_protected:
            return case
        shown = copy.copy(case)
        shown.title = str(case.get_case_type_display())
        return shown

    def log_addition(self, request, obj, message):
        return super().log_addition(request, self._loggable(obj), message)

    def log_change(self, request, obj, message):
        return super().log_change(request, self._loggable(obj), message)

    def get_list_filter(self, request):
        if only_commune_role(request.user):
            return (
                WorkQueueFilter,
                DeadlineFilter,
                "state",
                "case_type",
                "is_group",
                ("received_date", DateFieldListFilter),
            )
        return self.list_filter

    @display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return identity.case_text(obj, "title", masked=getattr(obj, "is_shielded", True))

    @display(description=_("received on"), ordering="received_date")
    def received_on(self, obj):
        return obj.received_date.strftime("%d/%m/%Y") if obj.received_date else "—"

    @display(description=_("state"), ordering="state", label=STATE_COLOURS)
    def state_badge(self, obj):
        return obj.state, str(STATE_LABELS.get(obj.state, obj.state))

    @display(description=_("outcome due"), ordering="outcome_due", label={"overdue": "danger"})
    def outcome_due_flag(self, obj):
        if not obj.outcome_due:
            return "—"
        text = obj.outcome_due.strftime("%d/%m/%Y")
        if case_service.is_outcome_overdue(obj):
            overdue = _("overdue")
            return "overdue", f"{text} · {overdue}"
        return text

    @display(description=_("denunciation deadlines (Law on Denunciation art. 24)"))
    def denunciation_steps(self, obj):
        parts = []
        labels = {"due": _("due"), "overdue": _("overdue"), "done": _("done")}
        for label, due, done in (
            (_("initial processing"), obj.processing_due, obj.processing_done_on),
            (_("forwarding"), obj.forwarding_due, obj.forwarded_on),
        ):
            status = deadlines.step_status(due, done)
            if status:
                parts.append(f"{label}: {due:%d/%m/%Y} · {labels[status]}")
        return "; ".join(parts) or "—"

    @display(description=_("refusal notice (Mẫu 01/TCD)"))
    def refusal_notice(self, obj):
        status = refusals.notice_status(obj)
        if not status:
            return "—"
        if status == "recorded":
            return _("No. %(number)s of %(date)s") % {
                "number": obj.refusal_notice_number,
                "date": obj.refusal_notice_date.strftime("%d/%m/%Y"),
            }
        due = obj.refusal_notice_due.strftime("%d/%m/%Y")
        if status == "overdue":
            return _("overdue: due %(date)s, not recorded") % {"date": due}
        return _("due by %(date)s") % {"date": due}

    def get_search_results(self, request, queryset, search_term):
        shielded = shielded_case_q(request.user)
        if request.path == reverse("admin:autocomplete"):
            # A picker shows str(case) with the raw title: offer only cases this user may see in full.
            queryset = queryset.exclude(shielded)
        return search_cases(request.user, queryset, search_term), False

    # ----- detail -----

    def get_object(self, request, object_id, from_field=None):
        # The change page asks for its case twice (change_view, then Django's changeform_view): on a GET,
        # which changes nothing, the second ask gets the first answer.
        key = (object_id, from_field)
        kept = getattr(request, "_tiepdan_case_object", None) if request.method == "GET" else None
        if kept is not None and kept[0] == key:
            return kept[1]
        obj = self._get_object(request, object_id, from_field)
        if request.method == "GET":
            request._tiepdan_case_object = (key, obj)
        return obj

    def _get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            # Decided once on the case as stored: a posted form changes the instance in memory (a new type,
            # a new commune) before the page is drawn again, and must not change what the page offers.
            obj.viewer_may_move = handler_service.can_move(request.user, obj)
            obj.viewer_may_name_handlers = handler_service.can_manage_handlers(request.user, obj)
            obj.viewer_masked = identity.must_mask(request.user, obj)
            if obj.viewer_masked:
                # Shown, never saved: for a masked viewer these fields are read only (the same text as the
                # API: the handler's redacted copy or "(nội dung được bảo mật)").
                for field in identity.CASE_TEXT_COPIES:
                    setattr(obj, field, identity.case_text(obj, field, masked=True))
                obj.representatives_appointment = identity.secret_note(obj.representatives_appointment, True)
        return obj

    def has_add_permission(self, request):
        return super().has_add_permission(request) and case_service.can_create(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or case_service.can_edit(request.user, obj)

    def get_fieldsets(self, request, obj=None):
        base = self.COMMUNE_FIELDSETS if only_commune_role(request.user) else self.OFFICE_FIELDSETS
        if obj is not None and not (
            getattr(obj, "viewer_may_move", False) or getattr(obj, "viewer_may_name_handlers", False)
        ):
            base = tuple(
                (title, {**opts, "fields": tuple(f for f in opts["fields"] if f != "reason")})
                for title, opts in base
            )
        if obj is not None and getattr(obj, "viewer_masked", False):
            # The scanned appointment's file name may name the group's people.
            base = tuple(
                (
                    title,
                    {
                        **opts,
                        "fields": tuple(f for f in opts["fields"] if f != "representatives_appointment_file"),
                    },
                )
                for title, opts in base
            )
        if obj is None or obj.is_protected:
            base = (*base, self.REDACTED_FIELDSET)
        return base if obj is None else (self.STATUS_FIELDSET, *base)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and getattr(obj, "viewer_masked", False):
            fields += [
                *identity.CASE_TEXT_COPIES,
                *identity.CASE_TEXT_COPIES.values(),
                "representatives_appointment",
            ]
        if obj is not None and not getattr(obj, "viewer_may_move", False):
            fields.append("unit")
        if obj is not None and not getattr(obj, "viewer_may_name_handlers", False):
            fields.append("handlers")
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        if case is None:
            raise Http404
        if request.method == "GET" and case.is_protected and not case.viewer_masked:
            identity.log_unmasked_view(request.user, case, "admin")
        extra_context = {**(extra_context or {}), **self._panels(request, case)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # Django's change log keeps str(case) as it was; a non-handler of a protected case must never read
        # it. The "Lịch sử" button (and the case page's "whole history" link) opens the case's own history
        # instead (services/audit: every change and move, in Vietnamese, redacted for the viewer as on the
        # case page), HISTORY_PAGE lines a page.
        case = self.get_object(request, object_id)
        if case is None:
            raise Http404
        handles = case.is_protected and identity.is_handler(request.user, case)
        shows_people = handles or not case.is_protected
        if request.method == "GET" and case.is_protected and not case.viewer_masked:
            identity.log_unmasked_view(request.user, case, "admin")  # the notes may name the denouncer
        page = Paginator(audit.history_of(case), HISTORY_PAGE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("History of case %(code)s") % {"code": case.code},
            "case": case,
            "page": page,
            "case_history": [_history_row(event, case, shows_people=shows_people) for event in page],
            "change_url": reverse("admin:tiepdan_case_case_change", args=[case.pk]),
        }
        return TemplateResponse(request, "tiepdan_case/admin/case_history.html", context)

    def _panels(self, request, case):
        user = request.user
        from ..models import CaseAttachment, Reception

        if case.viewer_masked:
            # Listed by the name a handler chose for non-handlers; never downloadable by them.
            attachments = list(CaseAttachment.objects.filter(case=case))
            for attachment in attachments:
                attachment.shown_name = identity.attachment_name(attachment, masked=True)
        else:
            attachments = (
                CaseAttachment.objects.visible_to(user).filter(case=case).select_related("uploaded_by")
            )
        receptions = Reception.objects.visible_to(user).filter(case=case).select_related("receiving_agency")
        access_log = []
        handles = case.is_protected and identity.is_handler(user, case)
        if handles:  # who looked: the handlers only, not a user a custodian granted sight (issue 12)
            access_log = IdentityAccessLog.objects.filter(case=case).select_related("user")[:50]
        submit_problems = case_workflow.blocked_submit_problems(user, case)
        history = [
            _history_row(event, case, shows_people=handles or not case.is_protected)
            for event in audit.history_of(case)[: HISTORY_ON_CASE_PAGE + 1]
        ]
        return {
            "case": case,
            "case_actions": _screen_actions(user, case, submit_problems),
            "submit_problems": submit_problems,
            "case_attachments": attachments,
            "case_attachments_shielded": case.viewer_masked,
            "can_add_attachment": user.has_perm("tiepdan_case.add_caseattachment") and not case.viewer_masked,
            "case_receptions": receptions,
            "can_add_reception": user.has_perm("tiepdan_case.add_reception")
            and reception_service.can_record(user, case),
            # The latest lines; the rest on the history page (one more fetched: is there more?).
            "case_history": history[:HISTORY_ON_CASE_PAGE],
            "case_history_more": len(history) > HISTORY_ON_CASE_PAGE,
            "case_history_url": reverse("admin:tiepdan_case_case_history", args=[case.pk]),
            "refusal_notice_url": (
                reverse("admin:tiepdan_case_case_refusal_notice", args=[case.pk])
                if refusals.notice_status(case) in ("due", "overdue")
                and refusals.may_record_notice(user, case)
                else ""
            ),
            "case_access_log": access_log,
            "identity_access": _identity_access(user, case, handles),
        }

    # ----- saving through the services -----

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in case_service.EDITABLE_FIELDS if k in form.cleaned_data}
        reason = form.cleaned_data.get("reason", "")
        if change:
            changed = {k: v for k, v in data.items() if k in form.changed_data and k != "unit"}
            case = case_service.update_case(request.user, obj, changed)
            if "unit" in form.changed_data and "unit" in data:
                case = handler_service.move_case(request.user, case, data["unit"], reason)
        else:
            case = case_service.create_case(request.user, data)
        obj.pk = case.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Handlers are named through the service (role check, reason, history), never by the m2m save.
        wanted = form.cleaned_data.pop("handlers", None)
        super().save_related(request, form, formsets, change)
        if wanted is not None and "handlers" in form.changed_data:
            case = form.instance
            current = set(case.handlers.all())
            handler_service.change_handlers(
                request.user, case, add=set(wanted) - current, remove=current - set(wanted),
                reason=form.cleaned_data.get("reason", ""),
            )  # fmt: skip

    def save_formset(self, request, form, formset, change):
        if formset.model is not CaseParticipant:
            return super().save_formset(request, form, formset, change)
        case = form.instance
        # The admin's change message reads these; the service below writes the history instead.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if not _participants_editable(request, case):
            return None
        rows = []
        for f in formset.forms:
            data = getattr(f, "cleaned_data", None) or {}
            if not data.get("citizen") or data.get("DELETE"):
                continue
            rows.append((data["citizen"], data["role"], data.get("authorization_document", "")))
        case_service.set_participants(request.user, case, rows)
        return None

    # ----- workflow and the group form -----

    def get_urls(self):
        urls = super().get_urls()
        own = [
            path(
                "<path:object_id>/chuyen-trang-thai/<str:action_code>/",
                self.admin_site.admin_view(self.transition_view),
                name="tiepdan_case_case_transition",
            ),
            path(
                "<path:object_id>/thong-bao-tu-choi/",
                self.admin_site.admin_view(self.refusal_notice_view),
                name="tiepdan_case_case_refusal_notice",
            ),
            path(
                "tiep-cong-dan-moi/",
                self.admin_site.admin_view(self.new_reception_view),
                name="tiepdan_case_case_reception",
            ),
            path(
                "tiep-cong-dan-moi/tim-cong-dan/",
                self.admin_site.admin_view(self.find_citizen_view),
                name="tiepdan_case_case_reception_find",
            ),
            path(
                "tiep-cong-dan-moi/mau-danh-sach.xlsx",
                self.admin_site.admin_view(self.people_template_view),
                name="tiepdan_case_case_reception_template",
            ),
        ]
        return own + urls

    def transition_view(self, request, object_id, action_code):
        case = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        if case is None or not self.has_view_permission(request, case):
            raise Http404
        action = case_workflow.ACTIONS.get(action_code)
        if action is None:
            raise Http404
        change_url = reverse("admin:tiepdan_case_case_change", args=[case.pk])
        allowed = action.code in {a.code for a in case_workflow.allowed_actions(request.user, case)}
        problems = (
            case_workflow.blocked_submit_problems(request.user, case) if action.code == "submit" else []
        )
        if problems:
            # "Gửi về tỉnh" stays on the page; pressed, it says why the case cannot go yet.
            return self._transition_page(request, case, action, None, problems=problems)
        form = TransitionForm(request.POST or None, action=action)
        if request.method == "POST":
            if allowed and _needs_form(action) and not form.is_valid():
                return self._transition_page(request, case, action, form)
            if allowed and action.irreversible and request.POST.get("confirmed") != "1":
                return self._transition_page(request, case, action, form)  # asks to confirm first
            values = form.cleaned_data if form.is_bound and form.is_valid() else request.POST
            try:
                case_workflow.perform(
                    request.user,
                    case.pk,
                    action.code,
                    note=values.get("note", ""),
                    eligibility=values.get("eligibility", ""),
                    refusal_ground=values.get("refusal_ground", ""),
                )
            except Invalid as exc:
                if allowed and _needs_form(action):
                    for field, errors in exc.fields.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                    return self._transition_page(request, case, action, form)
                messages.error(request, exc.message)
            except DomainError as exc:
                if exc.fields.get("problems"):
                    return self._transition_page(request, case, action, None, problems=exc.fields["problems"])
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Done: “%(action)s” for case %(code)s.") % {"action": action.label, "code": case.code},
                )
            return redirect(change_url)
        if not allowed:
            messages.error(request, _("This action is not available for this case now."))
            return redirect(change_url)
        if case.eligibility and "eligibility" in action.params:
            form.initial["eligibility"] = case.eligibility
        return self._transition_page(request, case, action, form)

    def refusal_notice_view(self, request, object_id):
        case = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        if case is None or not self.has_view_permission(request, case):
            raise Http404
        change_url = reverse("admin:tiepdan_case_case_change", args=[case.pk])
        form = RefusalNoticeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                refusals.record_refusal_notice(
                    request.user, case.pk, form.cleaned_data["number"], form.cleaned_data["issued_on"]
                )
            except Invalid as exc:
                for field, errors in exc.fields.items():
                    name = {"refusal_notice_number": "number", "refusal_notice_date": "issued_on"}.get(field)
                    for error in errors:
                        form.add_error(name, error)
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect(change_url)
            else:
                messages.success(request, _("The refusal notice is recorded."))
                return redirect(change_url)
        action = SimpleNamespace(
            code="refusal_notice", label=_("Record the refusal notice"), irreversible=False
        )
        return self._transition_page(request, case, action, form)

    def _transition_page(self, request, case, action, form, problems=()):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{action.label} — {case.code}",
            "case": case,
            "action": action,
            "form": form,
            "problems": problems,
            "confirm_text": CONFIRM_TEXTS.get(action.code, ""),
            "change_url": reverse("admin:tiepdan_case_case_change", args=[case.pk]),
        }
        return TemplateResponse(request, "tiepdan_case/admin/case_transition.html", context)

    def _reception_page(self, request, view):
        if not self.has_add_permission(request) or not request.user.has_perm("tiepdan_case.add_reception"):
            raise Http404
        return view(self, request)

    def new_reception_view(self, request):
        from . import new_reception

        return self._reception_page(request, new_reception.new_reception_view)

    def find_citizen_view(self, request):
        from . import new_reception

        return self._reception_page(request, new_reception.find_citizen_view)

    def people_template_view(self, request):
        from . import new_reception

        return self._reception_page(request, new_reception.template_view)


FREE_TEXT_FIELDS = {*identity.CASE_TEXT_COPIES, *identity.CASE_TEXT_COPIES.values()}


CUSTODY_LABELS = {
    custody.REQUESTED: _("Asked to see the denouncer's identity"),
    custody.GRANTED: _("Sight of the denouncer's identity granted"),
    custody.DENIED: _("Sight of the denouncer's identity denied"),
}


def _identity_access(user, case, handles: bool) -> dict | None:
    """The identity-custody box of a denunciation's page for a user who does not handle it."""
    if not case.is_protected or handles or not user.has_perm("tiepdan_case.view_identityaccessrequest"):
        return None
    mine = IdentityAccessRequest.objects.filter(case=case, requester=user).select_related("decision").first()
    return {
        "status": status_of(mine) if mine else "",
        "can_ask": case.viewer_masked and (mine is None or _decided(mine)),
        "url": reverse("admin:tiepdan_case_identityaccessrequest_ask", args=[case.pk]),
    }


def _decided(access) -> bool:
    try:
        return access.decision is not None
    except IdentityAccessRequest.decision.RelatedObjectDoesNotExist:
        return False


def _history_row(event, case, *, shows_people: bool = True) -> dict:
    """One line of the case's history, redacted for a viewer who may not see the denouncer. Identity
    custody lines say what happened, never who asked or who was let in, to anyone but a handler."""
    if event.action in CUSTODY_LABELS:
        return {
            "at": event.at,
            "actor": (event.actor.get_full_name() or event.actor.username)
            if shows_people and event.actor
            else "",
            "kind": event.get_kind_display(),
            "action": CUSTODY_LABELS[event.action],
            "from_state": "",
            "to_state": "",
            "changes": [],
            "note": event.note if shows_people else "",
        }
    masked = getattr(case, "viewer_masked", False)
    changes = []
    for key, value in (event.changes or {}).items():
        try:
            label = Case._meta.get_field(key).verbose_name
        except Exception:  # participants, attachments: not fields of Case
            label = {
                "participants": _("citizens in the case"),
                "attachment_added": _("attachment"),
                "reception_changed": _("reception"),
            }.get(key, key)
        if key in ("participants", "attachment_added", "reception_changed"):
            changes.append(str(label))
            continue
        old, new = (value + [None, None])[:2] if isinstance(value, list) else (None, value)
        if masked and key in FREE_TEXT_FIELDS:
            changes.append(str(label))  # that it changed, never what it said
            continue
        changes.append(f"{label}: {old or '—'} → {new or '—'}")
    note = identity.secret_note(event.note, masked)
    action = case_workflow.ACTIONS.get(event.action)
    return {
        "at": event.at,
        "actor": event.actor.get_full_name() or event.actor.username if event.actor else "",
        "kind": event.get_kind_display(),
        "action": action.label if action else "",
        "from_state": CaseState(event.from_state).label if event.from_state in CaseState.values else "",
        "to_state": CaseState(event.to_state).label if event.to_state in CaseState.values else "",
        "changes": changes,
        "note": note,
    }
