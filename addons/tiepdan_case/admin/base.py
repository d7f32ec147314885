"""What every back-office screen of the case module shares: scoped querysets and 404 for rows out of scope."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from unfold.admin import ModelAdmin

from ..roles import user_roles
from ..services import identity


class ScopedModelAdmin(ModelAdmin):
    """Rows come from `Model.objects.visible_to(user)`; an unknown or out-of-scope id is a 404, never a
    redirect that would tell the user the row exists."""

    list_select_related = ()
    list_per_page = 50

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


class ReadOnlyAdminMixin:
    """History and logs: written only by services, never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def only_commune_role(user) -> bool:
    """A commune clerk (ubnd_xa) without any provincial role."""
    roles = user_roles(user)
    return bool(roles) and roles <= {"ubnd_xa"} and not user.is_superuser


def redact_for_outsider(text: str, case) -> str:
    """Redact `text` as a non-handler sees it (the caller has already decided the row is shielded):
    AnonymousUser is never a handler, so redact_text always masks a protected case for it."""
    return identity.redact_text(text, case, AnonymousUser())
