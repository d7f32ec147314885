""" "Locked accounts": the django-axes lockouts of now (lockout.locked_attempts), one row per account and
address, with an "Unlock" action for the system administrators that is itself logged (issue 12). The
home queue's "Locked accounts" line counts and links to this screen."""

from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from ..lockout import locked_attempts
from ..models import LockedAccount
from ..services.audit import record_event

try:
    admin.site.unregister(AccessAttempt)  # django-axes' own screen: this one replaces it
except admin.sites.NotRegistered:
    pass


@admin.register(LockedAccount)
class LockedAccountAdmin(ModelAdmin):
    list_display = ("username", "ip_address", "failures_since_start", "attempt_time", "path_info")
    list_display_links = None
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time",)
    actions = ("unlock",)

    def get_queryset(self, request):
        return locked_attempts(LockedAccount.objects.all())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_unlock_permission(self, request):
        return request.user.has_perm("tiepdan_case.delete_lockedaccount")

    @admin.action(description=_("Unlock the selected accounts and addresses"), permissions=["unlock"])
    def unlock(self, request, queryset):
        users = {
            u.username: u for u in get_user_model().objects.filter(username__in=queryset.values("username"))
        }
        count = 0
        with transaction.atomic():
            for attempt in queryset.select_for_update():
                details = {"username": attempt.username, "ip_address": attempt.ip_address}
                target = users.get(attempt.username) or attempt
                record_event(target, request.user, "changed", action="login_unlocked", changes=details)
                # the failures of this account from this address, and every failure behind an address lockout
                AccessAttempt.objects.filter(
                    username=attempt.username, ip_address=attempt.ip_address
                ).delete()
                count += 1
        self.message_user(request, _("Unlocked: %(count)d.") % {"count": count}, messages.SUCCESS)
