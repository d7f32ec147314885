from django.db import models


def scoped_queryset(scope_function: str):
    """A QuerySet class whose `visible_to(user)` delegates to `tiepdan_bridge.scoping.<scope_function>`."""

    class ScopedQuerySet(models.QuerySet):
        def visible_to(self, user):
            from .. import scoping

            return getattr(scoping, scope_function)(user, self)

    ScopedQuerySet.__name__ = f"BridgeScopedQuerySet_{scope_function}"
    return ScopedQuerySet
