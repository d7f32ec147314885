"""History and the identity access log: read-only, limited to what the user may see."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from ..models import AuditEvent, Case, Citizen, IdentityAccessLog
from ..scoping import shielded_case_q
from .base import ReadOnlyAdminMixin, ScopedModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ("at", "target_label", "kind", "action", "from_state", "to_state", "actor", "short_note")
    list_filter = ("kind", "action", "content_type")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "at"
    fields = (
        "at",
        "content_type",
        "object_id",
        "kind",
        "action",
        "from_state",
        "to_state",
        "changes",
        "note",
        "actor",
    )

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
        return AuditEvent.objects.filter(visible).select_related("actor", "content_type")

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    @admin.display(description=_("record"))
    def target_label(self, obj):
        return f"{obj.content_type.name} #{obj.object_id}"

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
        return IdentityAccessLog.objects.filter(case__in=cases.values("pk")).select_related("case", "user")
