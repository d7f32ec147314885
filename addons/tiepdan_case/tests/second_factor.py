"""Passing the second factor in tests (issue 12) through the real path, never a bypass setting.

- `enrol(user)`: a confirmed TOTP device, as the enrolment page leaves it.
- `shown_device(user, page)`: the device of the key an enrolment page shows, as an authenticator app holds it.
- `code_for(device)`: the code an authenticator app shows now (django_otp.oath), one step ahead when this
  step's code was already used (django-otp refuses a code twice), so a test may sign in twice in a row.
- `verify_session(client, user)`: what `django_otp.login` stores after a good code: the session names the
  user's confirmed device, and OTPMiddleware checks it is theirs and confirmed on every request.
- `password_only_login(client, user)`: Django's own `force_login`, a session that has NOT passed the
  second factor. The root conftest makes `Client.force_login` call `verify_session` after it, so the
  existing tests sign in as a user who has done both steps.
"""

import time
from base64 import b32decode

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from addons.tiepdan_case.services.second_factor import TOTP_NAME

_password_only_force_login = Client.force_login  # captured before conftest wraps it


def password_only_login(client, user):
    _password_only_force_login(client, user)


def enrol(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)


def shown_device(user, page) -> TOTPDevice:
    """The device a person adds to their app from the enrolment page: the key printed under the QR code
    (not saved: the page writes nothing until the first code confirms it)."""
    html = page.content.decode()
    secret = html.split('id="second-factor-secret">', 1)[1].split("<", 1)[0].replace(" ", "")
    return TOTPDevice(user=user, name=TOTP_NAME, key=b32decode(secret).hex())


def code_for(device: TOTPDevice) -> str:
    if device.pk is not None:
        device.refresh_from_db()
    while True:
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
        time.sleep(1)  # both acceptable codes are used: wait for the next step


def verify_session(client, user) -> TOTPDevice:
    device = enrol(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_with_second_factor(client, user, backend=None):
    """force_login, then the device named on the session (what every existing test gets)."""
    _password_only_force_login(client, user, backend)
    verify_session(client, user)


def token_credentials(user, password: str) -> dict:
    """What an integration posts to /api/v1/auth/token/: with a real code when the user needs one."""
    from addons.tiepdan_case.services.second_factor import requires_second_factor

    data = {"username": user.get_username(), "password": password}
    if requires_second_factor(user):
        data["otp"] = code_for(enrol(user))
    return data
