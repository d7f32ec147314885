"""Two-factor sign-in (issue 12): TOTP (django-otp) for the roles that see or run everything and for every
handler of a protected identity, with single-use recovery codes and an administrator's reset.

A session is verified when django-otp's `otp_device_id` names a confirmed device of the user
(`django_otp.login`); `SecondFactorMiddleware` sends an unverified session of a user who needs the second
factor to the enrolment or the verification page. API tokens of these users are issued only with a code
(`api/views.TokenView`).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from .. import roles as R
from ..roles import user_roles
from .audit import record_event
from .errors import NotAllowed

# The roles of issue 12 that always sign in with a second factor.
SECOND_FACTOR_ROLES = frozenset({R.QUAN_TRI, R.CHU_TICH, R.VP_UBND, R.BAN_TCD, R.THANH_TRA})
TOTP_NAME = "totp"
RECOVERY_NAME = "recovery"


def handles_protected_identities(user) -> bool:
    """Handles at least one denunciation (whose denouncer's identity is secret), or was granted sight of one
    by a custodian (scoping.identity_open_q)."""
    from ..models import Case
    from ..scoping import identity_open_q, secret_identity_q

    q = identity_open_q(user)
    if q is None:
        return False
    if not q:
        return True
    return Case.objects.filter(q & secret_identity_q()).exists()


def requires_second_factor(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user_roles(user) & SECOND_FACTOR_ROLES:
        return True
    from .custody import is_custodian

    return is_custodian(user) or handles_protected_identities(user)


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=True).first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user, key: str | None = None) -> TOTPDevice:
    """The device of an enrolment in progress, NOT saved: a GET of the enrolment page shows its QR code
    and writes nothing (tests/test_no_state_change_on_get.py). The page keeps the secret in the signed-in
    session between showing it and the code that confirms it; a new secret the first time."""
    return TOTPDevice(user=user, name=TOTP_NAME, confirmed=False, key=key or default_key())


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return codes


def confirm_enrolment(user, key: str, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """The first code from the authenticator app, computed from the secret the page showed (`key`),
    confirms the device: only then is it saved, with new recovery codes (shown once). None when the code
    is wrong, and nothing is written then (a wrong code on one's own new secret protects nothing)."""
    from django.contrib.auth import get_user_model

    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if is_enrolled(user):  # enrolled in another tab meanwhile: a second phone only after a reset
            return None
        device = pending_totp(user, key)
        if not device.verify_token((token or "").strip()):
            # django-otp saves the device on every try (throttle counters): nothing of a wrong try stays.
            transaction.set_rollback(True)
            return None
        # Unconfirmed devices left by the earlier enrolment page (it saved one on GET): gone with this one.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        record_event(user, user, "changed", action="second_factor_enrolled")
    return device, codes


def verify(user, token: str):
    """The device that accepts this code (a TOTP code or an unused recovery code), or None. django-otp
    throttles each device after failures and refuses a TOTP code used before."""
    token = (token or "").strip().replace(" ", "")
    if not token or not is_enrolled(user):
        return None
    with transaction.atomic():
        device = match_token(user, token)
    if device is not None and isinstance(device, StaticDevice):
        record_event(user, user, "changed", action="recovery_code_used")
    return device


def regenerate_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record_event(user, user, "changed", action="recovery_codes_renewed")
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def reset_second_factor(user, *, actor) -> bool:
    """An administrator removes a user's devices (lost phone): the next sign-in enrols again. Logged; the
    user's sessions and API tokens end with it. Nobody resets their own."""
    if not actor.has_perm("auth.change_user"):
        raise NotAllowed(_("Only a system administrator may reset two-factor sign-in."))
    if actor.pk == user.pk:
        raise NotAllowed(_("You cannot reset your own two-factor sign-in."))
    from .accounts import end_sessions_and_tokens

    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        record_event(user, actor, "changed", action="second_factor_reset")
        end_sessions_and_tokens(user)
    return bool(devices)
