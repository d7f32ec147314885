"""Reference tables the system administrators keep: communes and wards, agencies, the working-day calendar."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from ..models import AdministrativeUnit, Agency, CalendarDay
from ..services.search import search_by_name
from .base import ScopedModelAdmin, only_commune_role


class ReferenceAdminMixin:
    """Commune clerks need none of these screens: keep their back office to their own work."""

    def has_view_permission(self, request, obj=None):
        return not only_commune_role(request.user) and super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReferenceAdminMixin, ScopedModelAdmin):
    list_display = ("code", "name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "code")
    search_help_text = _("Name or code; accents are optional.")

    def get_search_results(self, request, queryset, search_term):
        return search_by_name(queryset, search_term, "name", "code"), False


@admin.register(Agency)
class AgencyAdmin(ReferenceAdminMixin, ScopedModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "unit", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("unit", "parent")
    search_fields = ("name", "short_name", "code")
    search_help_text = _("Name or code; accents are optional.")
    autocomplete_fields = ("parent", "unit")

    def get_search_results(self, request, queryset, search_term):
        return search_by_name(queryset, search_term, "name", "short_name", "code"), False


@admin.register(CalendarDay)
class CalendarDayAdmin(ReferenceAdminMixin, ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("tiepdan_case.delete_calendarday")

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        from django.http import Http404

        raise Http404
