"""No link a user can see leads to a page they may not open.

A read-only foreign key on a change page (the user who recorded a check, the agency of a reception, the
commune of a site) is shown by Django and Unfold as a link to the related object's admin page, without
asking whether the viewer may open it. Here it is a link only when the related admin lets this user
view that row (permission and scope); otherwise it is plain text. The request reaches the field through
`CurrentRequestMiddleware` (a context variable: one per request, also under threads or async).
"""

import contextvars

from django.contrib import admin
from django.contrib.admin import helpers
from django.utils.html import format_html
from unfold.fields import UnfoldAdminReadonlyField

current_request: contextvars.ContextVar = contextvars.ContextVar("admin_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def may_open(request, model, pk) -> bool:
    """Would the admin page of this row open for this request's user (not 403, not 404)?"""
    if request is None or not getattr(request.user, "is_authenticated", False):
        return False
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return False
    obj = model_admin.get_queryset(request).filter(pk=pk).first()
    return obj is not None and model_admin.has_view_or_change_permission(request, obj)


def _guarded(original):
    def get_admin_url(self, remote_field, remote_obj):
        if not may_open(current_request.get(), remote_field.model, remote_obj.pk):
            return format_html("{}", str(remote_obj))
        return original(self, remote_field, remote_obj)

    get_admin_url._tiepdan_guarded = True
    return get_admin_url


def install() -> None:
    for cls in (helpers.AdminReadonlyField, UnfoldAdminReadonlyField):
        if not getattr(cls.get_admin_url, "_tiepdan_guarded", False):
            cls.get_admin_url = _guarded(cls.get_admin_url)
