"""History and the identity access log: read-only, limited to what the user may see."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from ..choices import CaseState
from ..models import AuditEvent, Case, Citizen, IdentityAccessLog
from ..scoping import handled_cases_q, shielded_case_q
from ..services import case_workflow, custody
from .base import ReadOnlyAdminMixin, ScopedModelAdmin

OTHER_ACTIONS = {"reception": _("reception"), "handlers": _("named handlers"), "move": _("commune or ward")}


def _state(code: str) -> str:
    if not code:
        return "—"
    return str(CaseState(code).label) if code in CaseState.values else code


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = (
        "at",
        "target_label",
        "kind",
        "action_label",
        "from_label",
        "to_label",
        "actor_name",
        "short_note",
    )
    list_per_page = 50
    list_filter = ("kind", "action", "content_type")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "at"
    fields = (
        "at",
        "target_label",
        "kind",
        "action_label",
        "from_label",
        "to_label",
        "changes",
        "note",
        "actor_name",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        """History of rows the user can reach; notes of shielded cases are hidden, not shown redacted."""
        user = request.user
        case_ct = ContentType.objects.get_for_model(Case)
        citizen_ct = ContentType.objects.get_for_model(Citizen)
        visible = (
            Q(
                content_type=case_ct,
                object_id__in=Case.objects.visible_to(user).exclude(shielded_case_q(user)).values("pk"),
            )
            | Q(content_type=citizen_ct, object_id__in=Citizen.objects.visible_to(user).values("pk"))
            | ~Q(content_type__in=[case_ct, citizen_ct])
        )
        # The code of a case (VV-2026-00081) for its rows, in the same query.
        code = Case.objects.filter(pk=OuterRef("object_id")).values("code")[:1]
        handled = handled_cases_q(user)
        if handled:
            # Who asked for or was granted a denouncer's identity: only for the case's handlers (issue 12).
            visible &= ~Q(
                content_type=case_ct,
                action__in=custody.CUSTODY_ACTIONS,
            ) | Q(content_type=case_ct, object_id__in=Case.objects.filter(handled).values("pk"))
        return (
            AuditEvent.objects.filter(visible)
            .select_related("actor", "content_type")
            .annotate(case_code=Subquery(code))
        )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    @admin.display(description=_("record"))
    def target_label(self, obj):
        if obj.content_type.model == "case" and getattr(obj, "case_code", None):
            return obj.case_code
        return f"{capfirst(obj.content_type.name)} #{obj.object_id}"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, obj):
        if not obj.action:
            return "—"
        action = case_workflow.ACTIONS.get(obj.action)
        return action.label if action else OTHER_ACTIONS.get(obj.action, obj.action)

    @admin.display(description=_("from state"))
    def from_label(self, obj):
        return _state(obj.from_state)

    @admin.display(description=_("to state"))
    def to_label(self, obj):
        return _state(obj.to_state)

    @admin.display(description=_("done by"), ordering="actor__last_name")
    def actor_name(self, obj):
        return (obj.actor.get_full_name() or obj.actor.username) if obj.actor else _("the system")

    @admin.display(description=_("note"))
    def short_note(self, obj):
        return (obj.note or "")[:80]


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("at", "case", "user", "channel")
    list_filter = ("channel",)
    list_select_related = ("case", "user")
    date_hierarchy = "at"

    def get_queryset(self, request):
        # Only handlers see who looked at a protected identity; the case title is redacted for others.
        cases = Case.objects.visible_to(request.user).exclude(shielded_case_q(request.user))
        handled = handled_cases_q(request.user)
        if handled:  # a custodian's grant shows the identity, not who else looked (issue 12)
            cases = cases.filter(handled)
        return IdentityAccessLog.objects.filter(case__in=cases.values("pk")).select_related("case", "user")
