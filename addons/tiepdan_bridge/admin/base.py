"""Shared helpers: screens save through services/, and a domain error becomes a form error."""

from django.contrib import messages
from django.http import HttpResponseRedirect

from addons.tiepdan_case.admin.base import ScopedModelAdmin
from addons.tiepdan_case.services.errors import DomainError

__all__ = ["ScopedModelAdmin", "ServiceSavingMixin"]


class ServiceSavingMixin:
    """Call `self.save_through_service(request, obj, form, change)` in the admin's transaction; a
    DomainError is shown to the user and the change is rolled back."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        try:
            saved = self.save_through_service(request, obj, form, change)
        except DomainError as exc:
            raise _Refused(exc.message) from exc
        if saved is not None and saved.pk != obj.pk:
            obj.pk = saved.pk
        if obj.pk:
            obj.refresh_from_db()


class _Refused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
