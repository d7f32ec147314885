"""What a locked-out login sees (django-axes `AXES_LOCKOUT_CALLABLE`): Vietnamese, JSON on the API."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts: this account or this address is locked for %(minutes)d minutes. "
        "Try again later or ask the administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "locked_out", "detail": _message(), "fields": {}}, status=status)
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
        return response
    from django.contrib import admin

    context = {**admin.site.each_context(request), "message": _message(), "title": _("Sign-in locked")}
    return render(request, "tiepdan_case/account_locked.html", context, status=status)
