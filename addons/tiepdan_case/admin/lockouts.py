"""“Tài khoản bị khóa”: the accounts and addresses django-axes has locked after failed logins, and the
button that unlocks one (services/lockouts.py: the administrators' role, a history row)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..services import lockouts as lockout_service
from ..services.errors import DomainError


class UnlockForm(forms.Form):
    kind = forms.ChoiceField(
        choices=((lockout_service.USERNAME, _("account")), (lockout_service.ADDRESS, _("address")))
    )
    value = forms.CharField(max_length=255)
    note = forms.CharField(label=_("reason"), max_length=500, required=False)


def lockouts_view(model_admin, request):
    if not lockout_service.can_unlock(request.user):
        raise Http404
    url = reverse("admin:auth_user_lockouts")
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lockout_service.unlock(request.user, data["kind"], data["value"], note=data["note"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                text = (
                    gettext("Account %(name)s is unlocked; it may sign in again.")
                    if data["kind"] == lockout_service.USERNAME
                    else gettext("Address %(name)s is unlocked; sign-ins from it are accepted again.")
                )
                messages.success(request, text % {"name": data["value"]})
        else:
            messages.error(request, gettext("Nothing to unlock."))
        return redirect(url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Locked accounts"),
        "accounts": lockout_service.locked_accounts(),
        "addresses": lockout_service.locked_addresses(),
        "url": url,
    }
    return TemplateResponse(request, "tiepdan_case/admin/lockouts.html", context)
