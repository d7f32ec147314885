"""The login lockout (django-axes): how failures are counted (`AXES_HANDLER`) and what a locked-out login
sees (`AXES_LOCKOUT_CALLABLE`): Vietnamese, JSON on the API."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from django.conf import settings
from django.db.models import Sum
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


# --- the counting (django-axes `AXES_HANDLER`) ---------------------------------------------------------


class LockoutHandler(AxesDatabaseHandler):
    """Three counts over the failures of the cool-off window (AXES_LOCKOUT_PARAMETERS, in this order):

    - one account from one address: LOGIN_FAILURE_LIMIT (AXES_FAILURE_LIMIT) — the everyday lockout;
    - one address, any account: LOGIN_ADDRESS_FAILURE_LIMIT, much higher — a whole provincial office
      signs in through one address, and five clerks mistyping once each must not lock it out;
    - one account, any address: LOGIN_ACCOUNT_FAILURE_LIMIT — guessing spread over many addresses.

    A success resets only that account's failures from that address."""

    def get_failures(self, request, credentials=None) -> int:
        pair, address, account = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = get_failure_limit(request, credentials)
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT or account >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
            return max(pair, limit)
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        from axes.models import AccessAttempt

        username = get_client_username(request, credentials)
        count, _rows = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
