"""Notifications: each user's own list (read, mark read) and the board's view of the whole outbox
(every message, its delivery status and error; resend a failed one). Changes go through services."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.decorators import action

from ..models import InboxNotification, Notification
from ..services import delivery, notifications
from ..services.errors import DomainError
from .base import ReadOnlyAdminMixin, ScopedModelAdmin
from .confirm import ask_to_confirm


def _safe_link(link):
    # Only links inside the back office (or the configured site) are offered as a link.
    if link.startswith("/") and not link.startswith("//"):
        return link
    return None


@admin.register(InboxNotification)
class InboxNotificationAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("read_mark", "subject", "created_at", "open_link")
    list_display_links = ("subject",)
    list_filter = (("read_at", admin.EmptyFieldListFilter),)
    search_fields = ("subject", "body")
    fields = ("subject", "body", "open_link", "created_at", "read_at")
    readonly_fields = fields
    actions = ["mark_selected_read"]
    actions_list = ["mark_all_read"]
    actions_detail = ["mark_one_read"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_authenticated and request.user.is_staff

    @admin.display(description=_("read"))
    def read_mark(self, obj):
        if obj.read_at:
            return format_html('<span class="material-symbols-outlined" title="{}">drafts</span>', _("Read"))
        return format_html(
            '<span class="material-symbols-outlined text-primary-600" title="{}">mail</span>', _("Unread")
        )

    @admin.display(description=_("link"))
    def open_link(self, obj):
        link = _safe_link(obj.link)
        return format_html('<a class="text-primary-600" href="{}">{}</a>', link, _("Open")) if link else "—"

    @action(description=_("Mark as read"), icon="drafts", url_path="mark-read")
    def mark_one_read(self, request, object_id):
        # Opening a notice changes nothing (no state change on a GET): its button marks it read, by POST.
        if not str(object_id).isdigit() or not self.get_queryset(request).filter(pk=object_id).exists():
            from django.http import Http404

            raise Http404
        change_url = reverse("admin:tiepdan_case_inboxnotification_change", args=[object_id])
        if request.method != "POST":
            return ask_to_confirm(
                request,
                title=_("Mark as read"),
                question=_("Mark this notification as read?"),
                button=_("Mark as read"),
                cancel_url=change_url,
            )
        notifications.mark_read(request.user, [int(object_id)])
        return HttpResponseRedirect(reverse("admin:tiepdan_case_inboxnotification_changelist"))

    @admin.action(description=_("Mark the selected notifications as read"))
    def mark_selected_read(self, request, queryset):
        count = notifications.mark_read(request.user, queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @action(description=_("Mark all as read"), icon="done_all", url_path="mark-all-read")
    def mark_all_read(self, request):
        changelist = reverse("admin:tiepdan_case_inboxnotification_changelist")
        if request.method != "POST":  # the list button is a link: a GET only asks
            return ask_to_confirm(
                request,
                title=_("Mark all as read"),
                question=_("Mark all your notifications as read?"),
                button=_("Mark all as read"),
                cancel_url=changelist,
            )
        count = notifications.mark_read(request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tiepdan_case_inboxnotification_changelist"))


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("subject", "channel", "recipient_label", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "channel")
    list_select_related = ("user",)
    search_fields = ("subject", "address", "user__username")
    date_hierarchy = "created_at"
    fields = (
        "subject",
        "body",
        "link",
        "channel",
        "recipient_label",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "read_at",
        "request_id",
    )
    readonly_fields = fields
    actions = ["resend_selected"]
    actions_detail = ["resend_one"]

    def has_module_permission(self, request):
        return delivery.can_resend(request.user)

    def has_view_permission(self, request, obj=None):
        return delivery.can_resend(request.user)

    @admin.display(description=_("recipient"))
    def recipient_label(self, obj):
        return obj.recipient

    def _resend(self, request, ids):
        done, refused = 0, []
        for pk in ids:
            try:
                delivery.resend_notification(pk, request.user)
                done += 1
            except DomainError as exc:
                refused.append(exc.message)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification queued to be sent again.",
                    "%(count)d notifications queued to be sent again.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        for message in sorted(set(map(str, refused))):
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Resend the selected failed notifications"))
    def resend_selected(self, request, queryset):
        self._resend(request, list(queryset.values_list("pk", flat=True)))

    @action(description=_("Resend"), icon="send", url_path="resend")
    def resend_one(self, request, object_id):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            from django.http import Http404

            raise Http404
        change_url = reverse("admin:tiepdan_case_notification_change", args=[object_id])
        if request.method != "POST":  # the detail button is a link: a GET only asks
            return ask_to_confirm(
                request,
                title=_("Resend"),
                question=_("Send this notification again?"),
                button=_("Resend"),
                cancel_url=change_url,
            )
        self._resend(request, [int(object_id)])
        return HttpResponseRedirect(reverse("admin:tiepdan_case_notification_change", args=[object_id]))
