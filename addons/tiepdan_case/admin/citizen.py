"""Citizens: one record per identity paper, checked the way the law describes the căn cước number."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminTextInputWidget

from ..models import Case, CaseParticipant, Citizen, Reception
from ..scoping import shielded_case_q, user_commune_id
from ..services import cases as case_service
from ..services import citizens as citizen_service
from ..services.errors import DomainError
from ..services.search import search_citizens
from ..validators import format_phone, parse_phone
from .base import ScopedModelAdmin, only_commune_role
from .deletion import SoftDeleteAdminMixin


class CitizenForm(forms.ModelForm):
    actor = None  # the user saving the form, set by CitizenAdmin.get_form
    phone = forms.CharField(
        label=capfirst(_("phone")),
        required=False,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": "0912 345 678"}),
        help_text=_("A mobile or landline number, for example 0912 345 678."),
    )

    class Meta:
        model = Citizen
        fields = (
            "full_name", "id_type", "id_number", "id_issued_on", "id_issued_place", "id_issuing_country", "born_abroad",
            "date_of_birth", "gender", "phone", "address", "unit",
        )  # fmt: skip
        help_texts = {
            "id_number": _("Căn cước: 12 digits; Vietnamese passport: one letter and 7 digits."),
            "address": _("House number, street, hamlet, commune or ward."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.phone and not self.is_bound:
            self.initial["phone"] = format_phone(self.instance.phone)

    def clean_phone(self):
        return parse_phone(self.cleaned_data.get("phone")) or ""

    def clean_id_number(self):
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def clean(self):
        data = super().clean()
        # The same rule as the API and the services: a commune registers only its own residents.
        if data.get("unit") is not None and (self.instance.pk is None or "unit" in self.changed_data):
            try:
                data["unit"] = citizen_service.commune_unit(self.actor, data["unit"])
            except DomainError as exc:
                self.add_error("unit", exc.message)
        return data


@admin.register(Citizen)
class CitizenAdmin(SoftDeleteAdminMixin, ScopedModelAdmin):
    form = CitizenForm
    list_display = ("full_name", "id_number", "date_of_birth", "gender", "phone_number", "unit")
    list_filter = ("gender", "id_type")
    list_select_related = ("unit",)
    search_fields = ("search_text",)
    search_help_text = _("Name or identity number; accents are optional (“nguyen thi anh”).")
    fieldsets = (
        (None, {"fields": ("full_name", ("date_of_birth", "gender"))}),
        (
            _("Identity paper"),
            {
                "fields": (
                    ("id_type", "id_number"),
                    ("id_issued_on", "id_issued_place"),
                    ("id_issuing_country", "born_abroad"),
                )
            },
        ),
        (_("Contact"), {"fields": ("phone", "address", "unit")}),
    )
    autocomplete_fields = ("unit",)
    change_form_after_template = "tiepdan_case/admin/citizen_panels.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        citizen = self.get_object(request, object_id)
        if citizen is None:
            raise Http404
        extra_context = {**(extra_context or {}), **self._panels(request, citizen)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _panels(self, request, citizen) -> dict:
        """Their cases and receptions as this user may see them: a protected denunciation this user does
        not handle is left out (it would link the person to it)."""
        user = request.user
        cases = (
            Case.objects.visible_to(user)
            .exclude(shielded_case_q(user))
            .filter(pk__in=CaseParticipant.objects.filter(citizen=citizen).values("case_id"))
            .order_by("-received_date", "-id")
        )
        receptions = (
            Reception.objects.visible_to(user)
            .filter(case__in=cases.values("pk"))
            .select_related("case")
            .order_by("-received_at")[:50]
        )
        return {
            "citizen_cases": list(cases[:50]),
            "citizen_receptions": list(receptions),
            "can_open_cases": user.has_perm("tiepdan_case.view_case"),
            "can_start_reception": user.has_perm("tiepdan_case.add_case")
            and user.has_perm("tiepdan_case.add_reception")
            and case_service.can_create(user),
        }

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_autocomplete_fields(self, request):
        return () if self._is_commune_only(request) else self.autocomplete_fields

    @staticmethod
    def _is_commune_only(request):
        return only_commune_role(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and self._is_commune_only(request):
            from ..models import AdministrativeUnit

            kwargs["queryset"] = AdministrativeUnit.objects.filter(kind__in=["xa", "phuong"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        commune = user_commune_id(request.user)
        if commune and "unit" not in initial:
            initial["unit"] = commune
        return initial

    @admin.display(description=_("phone"))
    def phone_number(self, obj):
        return format_phone(obj.phone)

    def get_search_results(self, request, queryset, search_term):
        return search_citizens(queryset, search_term), False

    def add_view(self, request, form_url="", extra_context=None):
        # The same identity paper again is the same person: open their record instead of a duplicate.
        if request.method == "POST":
            existing = citizen_service.find_existing(
                request.POST.get("id_type") or "can_cuoc",
                request.POST.get("id_number") or "",
                request.POST.get("id_issuing_country") or "",
            )
            if existing and self.get_queryset(request).filter(pk=existing.pk).exists():
                messages.info(
                    request,
                    _(
                        "A citizen with this identity number is already registered: %(name)s. Here is the record."
                    )
                    % {"name": existing.full_name},
                )
                return redirect(reverse("admin:tiepdan_case_citizen_change", args=[existing.pk]))
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in citizen_service.CITIZEN_FIELDS}
        # A refusal of the service (DomainError) is shown on the form by ScopedModelAdmin.changeform_view.
        if change:
            changed = {k: v for k, v in data.items() if k in form.changed_data}
            citizen = citizen_service.update_citizen(request.user, obj, changed)
        else:
            citizen, _created = citizen_service.register_citizen(request.user, data)
        obj.pk = citizen.pk
        obj.refresh_from_db()
