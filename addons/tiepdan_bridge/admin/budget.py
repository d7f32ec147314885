from django import forms
from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from ..models import BridgeSite, BudgetLine, BudgetStatus
from ..services import budget as budget_service
from ..services import sites as site_service
from .base import ScopedModelAdmin, ServiceSavingMixin


def dong(value) -> str:
    return f"{value or 0:,}".replace(",", ".") + " đ"


class ReviewForm(forms.ModelForm):
    """What the Department of Finance fills in: approve, or return with a comment."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=(("approve", _("Approve")), ("return", _("Return with a comment"))),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = BudgetLine
        fields = ("review_comment",)
        # A return without a comment: services.budget.review_line refuses it, shown on review_comment.


@admin.register(BudgetLine)
class BudgetLineAdmin(ServiceSavingMixin, ScopedModelAdmin):
    list_display = ("site", "item", "quantity", "unit_price_vnd", "total_vnd", "status", "reviewed_by")
    list_filter = ("status", "site__level")
    list_select_related = ("site", "reviewed_by")
    search_fields = ("site__name", "site__code", "item")

    def _reviewer(self, request):
        return budget_service.can_review(request.user)

    def get_form(self, request, obj=None, **kwargs):
        if self._reviewer(request) and obj is not None:
            kwargs["form"] = ReviewForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if self._reviewer(request) and obj is not None:
            if obj.status == BudgetStatus.PROPOSED:
                return (
                    "site",
                    "item",
                    "quantity",
                    "unit_price_vnd",
                    "total_vnd",
                    "decision",
                    "review_comment",
                )
            return ("site", "item", "quantity", "unit_price_vnd", "total_vnd", "status", "review_comment")
        fields = ["site", "item", ("quantity", "unit_price")]
        if obj is not None:
            fields += ["total_vnd", "status", "review_comment", "reviewed_by", "reviewed_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        review = ("total_vnd", "status", "reviewed_by", "reviewed_at")
        if self._reviewer(request):
            ro = ("site", "item", "quantity", "unit_price_vnd") + review
            return ro + (("review_comment",) if obj.status != BudgetStatus.PROPOSED else ())
        if obj.status == BudgetStatus.APPROVED or not site_service.can_maintain_site(request.user, obj.site):
            return ("site", "item", "quantity", "unit_price", "review_comment") + review
        return ("review_comment",) + review

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self._reviewer(request)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        if self._reviewer(request):
            return obj.status == BudgetStatus.PROPOSED
        return obj.status != BudgetStatus.APPROVED and site_service.can_maintain_site(request.user, obj.site)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or budget_service.can_delete_line(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            sites = BridgeSite.objects.visible_to(request.user)
            kwargs["queryset"] = site_service.maintainable_sites(request.user, sites)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        budget_service.delete_line(request.user, obj)

    def delete_queryset(self, request, queryset):
        for line in queryset:
            budget_service.delete_line(request.user, line)

    @admin.display(description=_("unit price (VND)"))
    def unit_price_vnd(self, obj):
        return dong(obj.unit_price)

    @admin.display(description=_("total (VND)"))
    def total_vnd(self, obj):
        return dong(obj.total)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = getattr(response, "context_data", {}).get("cl")
        if cl is not None:
            total = cl.queryset.aggregate(s=Sum("total"))["s"]
            response.context_data["subtitle"] = _("Total of the lines shown: %(total)s") % {
                "total": dong(total)
            }
        return response

    def save_through_service(self, request, obj, form, change):
        if self._reviewer(request) and change:
            return budget_service.review_line(
                request.user,
                obj,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data.get("review_comment", ""),
            )
        names = form.changed_data if change else list(form.cleaned_data)
        data = {k: form.cleaned_data[k] for k in names if k in budget_service.FIELDS}
        return budget_service.save_line(request.user, obj if change else BudgetLine(), data)
