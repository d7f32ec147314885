from importlib import import_module

from django.db import models


def scoped_queryset(
    scope_function: str, scoping_module: str = "addons.tiepdan_case.scoping", *, soft_delete: bool = False
):
    """A QuerySet class whose `visible_to(user)` delegates to `<scoping_module>.<scope_function>`.

    Every module's models use it (the bridge module passes its own scoping module), so "who sees what"
    is reached the same way everywhere: `Model.objects.visible_to(user)`. With `soft_delete` the queryset
    also has `.alive()` / `.deleted()` and refuses `.delete()` (models/deletion.py).
    """
    from .deletion import SoftDeleteQuerySetMixin

    bases = (SoftDeleteQuerySetMixin, models.QuerySet) if soft_delete else (models.QuerySet,)

    class ScopedQuerySet(*bases):
        def visible_to(self, user):
            return getattr(import_module(scoping_module), scope_function)(user, self)

    ScopedQuerySet.__name__ = f"ScopedQuerySet_{scope_function}"
    return ScopedQuerySet
