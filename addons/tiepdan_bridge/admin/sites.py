from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import BridgeSite
from ..services import sites as site_service
from .base import ScopedModelAdmin, ServiceSavingMixin


@admin.register(BridgeSite)
class BridgeSiteAdmin(ServiceSavingMixin, ScopedModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "unit",
        "host_agency",
        "capacity",
        "can_host",
        "is_active",
        "board_link",
    )
    list_filter = ("level", "is_active", "can_host")
    list_select_related = ("unit", "host_agency")
    search_fields = ("name", "code")
    search_help_text = _("Name or code; accents are optional.")
    ordering = ("level", "code")
    fieldsets = (
        (None, {"fields": (("code", "level"), "name", ("unit", "host_agency"), "address")}),
        (_("Room"), {"fields": (("room", "capacity"), ("can_host", "is_active"))}),
        (_("Technical"), {"fields": (("contact_name", "contact_phone"), "video_endpoint", "note")}),
    )
    autocomplete_fields = ("unit", "host_agency")

    def get_search_results(self, request, queryset, search_term):
        return site_service.search_sites(queryset, search_term), False

    def has_add_permission(self, request):
        return super().has_add_permission(request) and site_service.maintains_all_sites(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or site_service.can_maintain_site(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a site is deactivated, never deleted: checks and recordings refer to it

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields if site_service.maintains_all_sites(request.user) else ()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return site_service.SITE_FIELDS
        allowed = site_service.editable_site_fields(request.user, obj)
        return tuple(f for f in site_service.SITE_FIELDS if f not in allowed)

    @admin.display(description=_("readiness"))
    def board_link(self, obj):
        return format_html('<a href="{}?site={}">{}</a>', reverse("tiepdan_bridge:board"), obj.pk, _("Board"))

    def save_through_service(self, request, obj, form, change):
        names = form.changed_data if change else list(form.cleaned_data)
        data = {k: form.cleaned_data[k] for k in names if k in site_service.SITE_FIELDS}
        target = obj if change else BridgeSite()
        return site_service.save_site(request.user, target, data)
