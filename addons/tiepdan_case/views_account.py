"""Two-factor sign-in pages (issue 12): enrolment with a QR code drawn on the server (segno, inline SVG:
no external script, nothing leaves the server), verification with a code or a recovery code, and new
recovery codes. The rules are in services/second_factor.py."""

import segno
from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from .services import second_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False):
        return candidate
    return "/"


def _page(request, template, **context):
    base = {**admin.site.each_context(request), "next": _next_url(request)}
    return render(request, f"tiepdan_case/account/{template}", {**base, **context})


PENDING_KEY = "tiepdan_second_factor_pending_key"


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#111827", light="#ffffff", omitsize=False)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    if second_factor.is_enrolled(user):
        # A stolen password must not enrol a second phone: a new one only after the administrator's reset.
        return redirect(_to("tiepdan_case:second_factor_verify", _next_url(request)))
    # The new secret lives in the signed-in session until a code confirms it: showing it writes no row.
    device = second_factor.pending_totp(user, request.session.get(PENDING_KEY))
    if request.session.get(PENDING_KEY) != device.key:
        request.session[PENDING_KEY] = device.key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.confirm_enrolment(user, device.key, form.cleaned_data["code"])
        if result is not None:
            confirmed, codes = result
            del request.session[PENDING_KEY]
            otp_login(request, confirmed)
            return _page(
                request, "recovery_codes.html", title=_("Recovery codes"), codes=codes, enrolled=True
            )
        if second_factor.is_enrolled(user):
            return redirect(_to("tiepdan_case:second_factor_verify", _next_url(request)))
        form.add_error("code", _("The code is wrong or has expired: enter the code the app shows now."))
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return _page(
        request,
        "enrol.html",
        title=_("Set up two-factor sign-in"),
        form=form,
        qr_svg=_qr_svg(device.config_url),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )


def _to(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not second_factor.is_enrolled(user):
        return redirect(_to("tiepdan_case:second_factor_enrol", _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("The code is wrong, already used or has expired."))
    return _page(request, "verify.html", title=_("Two-factor sign-in"), form=form)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """How many recovery codes are left; POST makes a new set (the old ones stop working)."""
    if not request.user.is_verified():
        return redirect(_to("tiepdan_case:second_factor_verify", request.path))
    if request.method == "POST":
        codes = second_factor.regenerate_recovery_codes(request.user)
        return _page(request, "recovery_codes.html", title=_("Recovery codes"), codes=codes, enrolled=False)
    return _page(
        request,
        "recovery_codes.html",
        title=_("Recovery codes"),
        codes=None,
        left=second_factor.recovery_codes_left(request.user),
    )
