"""Shared helpers: screens save through services/; a refusal is shown on the form by ScopedModelAdmin."""

from addons.tiepdan_case.admin.base import ScopedModelAdmin

__all__ = ["ScopedModelAdmin", "ServiceSavingMixin"]


class ServiceSavingMixin:
    """Save through `self.save_through_service(request, obj, form, change)` inside the admin's transaction.

    A DomainError the service raises rolls the transaction back and is shown on the form, with what the
    user typed kept (ScopedModelAdmin.changeform_view)."""

    def save_model(self, request, obj, form, change):
        saved = self.save_through_service(request, obj, form, change)
        if saved is not None and saved.pk != obj.pk:
            obj.pk = saved.pk
        if obj.pk:
            obj.refresh_from_db()
