"""What every back-office screen of the case module shares: scoped querysets and 404 for rows out of scope."""

from django.http import Http404
from django.utils.text import capfirst
from unfold.admin import ModelAdmin

from ..pagination import EstimatedCountPaginator
from ..scoping import is_commune_clerk
from ..services.errors import DomainError


class ScopedModelAdmin(ModelAdmin):
    """Rows come from `Model.objects.visible_to(user)`; an unknown or out-of-scope id is a 404, never a
    redirect that would tell the user the row exists."""

    list_select_related = ()
    list_per_page = 50
    # One count per page (never a second one of the whole table for "n of N"), from the statistics for an
    # unfiltered list of a large table (pagination.py).
    show_full_result_count = False
    paginator = EstimatedCountPaginator

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
