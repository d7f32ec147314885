from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import BridgeSite, Incident
from ..services import incidents as incident_service
from .base import ScopedModelAdmin, ServiceSavingMixin


@admin.register(Incident)
class IncidentAdmin(ServiceSavingMixin, ScopedModelAdmin):
    list_display = ("started_at", "site", "kind", "ended_at", "duration", "recorded_by")
    list_filter = ("kind", "site__level", ("started_at", admin.DateFieldListFilter))
    list_select_related = ("site", "recorded_by")
    search_fields = ("site__name", "site__code", "note")
    date_hierarchy = "started_at"
    fields = ("site", "kind", ("started_at", "ended_at"), "note", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and incident_service.can_record_incident(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and incident_service.can_record_incident(
            request.user
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = BridgeSite.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("duration"))
    def duration(self, obj):
        if obj.ended_at is None:
            return _("not back yet")
        minutes = int((obj.ended_at - obj.started_at).total_seconds() // 60)
        return _("%(minutes)d min") % {"minutes": minutes}

    def save_through_service(self, request, obj, form, change):
        names = form.changed_data if change else list(form.cleaned_data)
        data = {k: form.cleaned_data[k] for k in names if k in incident_service.FIELDS}
        return incident_service.save_incident(request.user, obj if change else Incident(), data)
