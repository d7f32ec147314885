"""The reception register (sổ tiếp công dân): one row each time citizens are received about a case."""

from django.contrib import admin
from django.contrib.admin import DateFieldListFilter
from django.utils.translation import gettext_lazy as _

from ..models import Agency, Case, Reception
from ..scoping import shielded_flag, user_agency_id
from ..services import identity
from ..services import receptions as reception_service
from ..services.search import search_receptions
from .base import ScopedModelAdmin, row_id


@admin.register(Reception)
class ReceptionAdmin(ScopedModelAdmin):
    list_display = (
        "received_at",
        "case_code",
        "case_title",
        "kind",
        "direction",
        "people_count",
        "receiving_agency",
    )
    list_filter = ("kind", "direction", "by_head", ("received_at", DateFieldListFilter))
    list_select_related = ("case", "receiving_agency")
    search_fields = ("case__search_text",)
    search_help_text = _("Case code or title; accents are optional.")
    autocomplete_fields = ("case",)
    fieldsets = (
        (None, {"fields": ("case", "received_at", "place")}),
        (
            _("Who received"),
            {"fields": ("kind", "by_head", "receiving_agency", "received_by", "people_count")},
        ),
        (
            _("Handling"),
            {
                "fields": (
                    "direction",
                    "guided_to",
                    "document_number",
                    "refusal_ground",
                    "note",
                    "redacted_note",
                )
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # An existing row shows its case as text, redacted for a non-handler of a protected denunciation;
        # for such a user its free text (place, note) is shown redacted too, read only.
        masked = identity.must_mask(request.user, obj.case)
        place, note = ("place_shown", "note_shown") if masked else ("place", "note")
        first = (None, {"fields": ("case_code", "case_title", "received_at", place)})
        handling_fields = ("direction", "guided_to", "document_number", "refusal_ground", note)
        if not masked:
            handling_fields += ("redacted_note",)
        handling = (fieldsets[2][0], {"fields": handling_fields})
        return (first, fieldsets[1], handling)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("case_code", "case_title", "place_shown", "note_shown")

    def has_change_permission(self, request, obj=None):
        # The service refuses a non-handler's correction of a protected denunciation's reception.
        if obj is not None and identity.must_mask(request.user, obj.case):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("place"))
    def place_shown(self, obj):
        return identity.reception_text(obj, "place", masked=True)

    @admin.display(description=_("note"))
    def note_shown(self, obj):
        return identity.reception_text(obj, "note", masked=True)

    def get_queryset(self, request):
        # Whether each row's case is shielded from this user: one subquery for the page.
        return super().get_queryset(request).annotate(case_shielded=shielded_flag(request.user, "case_id"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if row_id(request.GET.get("case")) is not None:
            initial["case"] = row_id(request.GET["case"])
        agency = user_agency_id(request.user)
        if agency:
            initial.setdefault("receiving_agency", agency)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            kwargs["queryset"] = Case.objects.visible_to(request.user).annotate(
                is_shielded=shielded_flag(request.user)
            )
        if db_field.name == "receiving_agency":
            kwargs["queryset"] = Agency.objects.visible_to(request.user).filter(is_active=True)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "case":
            # The picker prints the chosen case (e.g. ?case= from a protected case's page): its title
            # redacted like in the list, never str(case) with a title that may name the denouncer.
            field.label_from_instance = _case_label
        return field

    def get_search_results(self, request, queryset, search_term):
        return search_receptions(request.user, queryset, search_term), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        def clean(self):
            data = form.clean(self)
            case = data.get("case") or (self.instance.case if self.instance.pk else None)
            if case is not None and not reception_service.can_record(user, case):
                self.add_error(None, _("You may not record receptions for this case."))
            return data

        return type(form.__name__, (form,), {"clean": clean})

    def save_model(self, request, obj, form, change):
        # Through the service: the same permission check, row lock and history row as every other path.
        data = {k: form.cleaned_data[k] for k in reception_service.RECEPTION_FIELDS if k in form.cleaned_data}
        if change:
            changed = {k: v for k, v in data.items() if k in form.changed_data}
            saved = reception_service.update_reception(request.user, obj, changed)
        else:
            saved = reception_service.record_reception(request.user, form.cleaned_data["case"], data)
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    @admin.display(description=_("case"), ordering="case__code")
    def case_code(self, obj):
        return obj.case.code

    @admin.display(description=_("title"))
    def case_title(self, obj):
        return _shown_title(obj.case, getattr(obj, "case_shielded", True))


def _shown_title(case, shielded: bool) -> str:
    return identity.case_text(case, "title", masked=shielded)


def _case_label(case) -> str:
    return f"{case.code} — {_shown_title(case, getattr(case, 'is_shielded', True))}"
