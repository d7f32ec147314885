from django.contrib import admin

from ..models import BridgeSite, Equipment
from ..services import sites as site_service
from .base import ScopedModelAdmin, ServiceSavingMixin


@admin.register(Equipment)
class EquipmentAdmin(ServiceSavingMixin, ScopedModelAdmin):
    list_display = ("site", "kind", "description", "quantity", "status", "last_checked_at")
    list_filter = ("kind", "status", "site__level")
    list_select_related = ("site",)
    search_fields = ("site__name", "site__code", "description", "serial_number")
    fields = (
        "site",
        ("kind", "quantity"),
        "description",
        "serial_number",
        ("status", "last_checked_at"),
        "note",
    )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or site_service.can_maintain_equipment(request.user, obj.site)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or site_service.can_maintain_site(request.user, obj.site)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            sites = BridgeSite.objects.visible_to(request.user).filter(is_active=True)
            kwargs["queryset"] = site_service.equipment_sites(request.user, sites)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        site_service.delete_equipment(request.user, obj)

    def delete_queryset(self, request, queryset):
        for equipment in queryset:
            site_service.delete_equipment(request.user, equipment)

    def save_through_service(self, request, obj, form, change):
        names = form.changed_data if change else list(form.cleaned_data)
        data = {k: form.cleaned_data[k] for k in names if k in site_service.EQUIPMENT_FIELDS}
        return site_service.save_equipment(request.user, obj if change else Equipment(), data)
