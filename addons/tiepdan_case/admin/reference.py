"""Reference tables the system administrators keep: communes and wards, agencies, the working-day calendar."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from ..choices import CalendarDayKind
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


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "name")

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and CalendarDay.objects.filter(date=day).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("The day %(date)s is already in the calendar.") % {"date": day.strftime("%d/%m/%Y")}
            )
        return day


def calendar_warning(day: CalendarDay) -> str | None:
    """A holiday on a weekend or a make-up working day on a weekday is allowed but usually a typing error."""
    weekend = day.date.weekday() >= 5
    if day.kind == CalendarDayKind.HOLIDAY and weekend:
        return _("%(date)s is a Saturday or Sunday, already a day off: check the date of this holiday.")
    if day.kind == CalendarDayKind.WORKING and not weekend:
        return _("%(date)s is a weekday, already a working day: check the date of this make-up working day.")
    return None


@admin.register(CalendarDay)
class CalendarDayAdmin(ReferenceAdminMixin, ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("tiepdan_case.delete_calendarday")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warning = calendar_warning(obj)
        if warning:
            messages.warning(request, warning % {"date": obj.date.strftime("%d/%m/%Y")})

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        from django.http import Http404

        raise Http404
