"""The chairman's directives: the list, the directive's page (read only here; every change goes through
services/directives.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_bridge.admin.base import ScopedModelAdmin

from ..models import Directive


@admin.register(Directive)
class DirectiveAdmin(ScopedModelAdmin):
    list_display = ("session", "case_code", "lead_name", "deadline", "state")
    list_filter = ("state",)
    list_select_related = ("session", "case", "lead_agency", "lead_unit")
    fields = (
        "session",
        "case",
        "instruction",
        "lead_agency",
        "lead_unit",
        "supporting_agencies",
        "deadline",
        "working_days",
        "must_report",
        "must_answer_citizen",
        "state",
        "issued_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("case"))
    def case_code(self, obj):
        return obj.case.code

    @admin.display(description=_("lead"))
    def lead_name(self, obj):
        return str(obj.lead)
