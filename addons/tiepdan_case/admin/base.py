"""What every back-office screen of the case module shares: scoped querysets and 404 for rows out of scope."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.text import capfirst
from unfold.admin import ModelAdmin

from config.formats import bounds

from ..pagination import EstimatedCountPaginator
from ..scoping import is_commune_clerk
from ..services.errors import DomainError

MAX_ROW_ID = 2**63 - 1  # the largest primary key PostgreSQL (bigint) and SQLite store


def row_id(raw) -> int | None:
    """An id from a query string (?case=…) → int, or None when it cannot be a row (abc, -1, 10**20)."""
    text = str(raw or "")
    if not text.isdigit() or len(text) > 19 or int(text) > MAX_ROW_ID:
        return None
    return int(text)


def validate_date_bounds(value):
    if not bounds.in_bounds(value):
        raise ValidationError(bounds.bounds_message(), code="date_bounds")


class ScopedModelAdmin(ModelAdmin):
    """Rows come from `Model.objects.visible_to(user)`; an unknown or out-of-scope id is a 404, never a
    redirect that would tell the user the row exists."""

    list_select_related = ()
    list_per_page = 50
    # One count per page (never a second one of the whole table for "n of N"), from the statistics for an
    # unfiltered list of a large table (pagination.py).
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        # A searched list reads the asked page's ids with its count (pagination.py); the ChangeList asks
        # for the count first, so the paginator is told which page (the admin's ?p=) beforehand.
        paginator.page_hint = row_id(request.GET.get(PAGE_VAR)) or 1
        return paginator

    def get_queryset(self, request):
        qs = self.model.objects.visible_to(request.user)
        ordering = self.get_ordering(request)
        if ordering:
            qs = qs.order_by(*ordering)
        if self.list_select_related and self.list_select_related is not True:
            qs = qs.select_related(*self.list_select_related)
        return qs

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def get_changeform_initial_data(self, request):
        # Django copies every query parameter into the add form; an id no row can have (?case=10**20)
        # would overflow the database when the form shows it.
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                field = self.model._meta.get_field(name)
            except Exception:  # noqa: BLE001 - not a model field: the form ignores it
                continue
            if field.is_relation and row_id(initial[name]) is None:
                del initial[name]
        return initial

    def get_changelist_instance(self, request):
        # A date filter or date hierarchy link with an impossible value (?started_at__year=99999999999,
        # ?at__gte=0001-01-01) overflows in Django's date arithmetic: the list answers as it does for
        # any other bad filter (a redirect to "?e=1"), never a server error.
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Every date typed into a back-office form lies within config/formats/bounds.py, like the API's.
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.DateField):  # DateTimeField included
            formfield.validators.append(validate_date_bounds)
        return formfield

    def message_user(self, request, message, *args, **kwargs):
        # Django builds "{name} “{obj}” đã được thêm" from a lower-case verbose name: a sentence starts capitalised.
        super().message_user(request, capfirst(str(message)), *args, **kwargs)

    # A service may still refuse a save the form accepted (a rule that depends on other rows, a race).
    # The refusal is shown on the form, with everything the user typed kept, never as a server error.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            if request.method != "POST" or getattr(request, "_service_error", None) is not None:
                raise
            request._service_error = exc  # the transaction was rolled back; validate again with the error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "_service_error", None)
        if error is None:
            return form_class

        class FormWithServiceError(form_class):
            def _post_clean(self):
                super()._post_clean()  # model validation first: add_error() drops the field's value
                placed = False
                for field, messages in (error.fields or {}).items():
                    if field in self.fields:
                        for message in messages:
                            self.add_error(field, message)
                        placed = True
                if not placed:
                    self.add_error(None, str(error.message))

        FormWithServiceError.__name__ = form_class.__name__
        return FormWithServiceError


class CapitalisedLabelsMixin:
    """Model verbose names are lower case; a form standing alone shows them as labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


class ReadOnlyAdminMixin:
    """History and logs: written only by services, never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The screens and the services must agree on who is a commune clerk (services/cases.py forces their unit).
only_commune_role = is_commune_clerk
