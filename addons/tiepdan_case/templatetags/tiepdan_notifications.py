"""The notification bell in the back-office header (config/templates/admin/base_site.html)."""

from django import template
from django.urls import reverse

from ..services.notifications import unread_count

register = template.Library()


@register.inclusion_tag("tiepdan_case/admin/notification_bell.html", takes_context=True)
def notification_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "unread": unread_count(user),
        "url": reverse("admin:tiepdan_case_inboxnotification_changelist"),
    }
