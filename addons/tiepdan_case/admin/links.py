"""No link a user can see leads to a page they may not open.

A read-only foreign key on a change page (the user who recorded a check, the agency of a reception, the
commune of a site) is shown by Django and Unfold as a link to the related object's admin page, without
asking whether the viewer may open it. Here it is a link only when the related admin lets this user
view that row (permission and scope); otherwise it is plain text. The request reaches the field through
`CurrentRequestMiddleware` (a context variable: one per request, also under threads or async).

The answer is kept on the request for each row, so a page asks once per related row, and an inline asks
once for all its rows (`prime`): the case page's participants cost one query, not one per citizen and per
time the template reads the field (issue 13; `render_once.py` makes the template read it once).
"""

import contextvars

from django.contrib import admin
from django.contrib.admin import helpers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.fields import UnfoldAdminReadonlyField
from unfold.widgets import UnfoldAdminFileFieldWidget

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


def _answers(request) -> dict:
    """(model, pk) → may open, for this request only (a new request asks again)."""
    answers = getattr(request, "_tiepdan_may_open", None)
    if answers is None:
        answers = request._tiepdan_may_open = {}
    return answers


def may_open(request, model, pk) -> bool:
    """Would the admin page of this row open for this request's user (not 403, not 404)?"""
    if request is None or not getattr(request.user, "is_authenticated", False):
        return False
    if pk is None:
        return False
    answers = _answers(request)
    if (model, pk) not in answers:
        prime(request, model, [pk])
    return answers[(model, pk)]


def prime(request, model, pks) -> None:
    """Ask `may_open` for many rows of one model at once (one query): an inline's foreign keys."""
    if request is None or not getattr(request.user, "is_authenticated", False):
        return
    answers = _answers(request)
    wanted = {pk for pk in pks if pk is not None and (model, pk) not in answers}
    if not wanted:
        return
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        answers.update(dict.fromkeys(((model, pk) for pk in wanted), False))
        return
    found = {obj.pk: obj for obj in model_admin.get_queryset(request).filter(pk__in=wanted)}
    for pk in wanted:
        obj = found.get(pk)
        answers[(model, pk)] = obj is not None and model_admin.has_view_or_change_permission(request, obj)


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


class _StoredFileLink:
    """What the file widget prints for the current file: its name, linked to the checking view."""

    def __init__(self, url: str, label: str):
        self.url, self.label = url, label

    def __str__(self):
        return self.label


class ProtectedFileWidget(UnfoldAdminFileFieldWidget):
    """A file input whose current file links to a download view that checks `visible_to`, never to
    MEDIA_URL (stored uploads are not served directly: services/uploads.py)."""

    def __init__(self, url: str, label: str, attrs=None):
        super().__init__(attrs)
        self.download_url, self.download_label = url, label or _("file")

    def format_value(self, value):
        if self.is_initial(value):
            return _StoredFileLink(self.download_url, str(self.download_label))
        return super().format_value(value)


def file_link(url: str, label: str):
    return format_html('<a href="{}" class="underline">{}</a>', url, label or _("file"))
