"""Demo data for `make run`: this module's users, citizens and cases, then every other module's demo.py."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from addons.tiepdan_case import demo
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import ROLE_NAMES

BASE_MODULE = "addons.tiepdan_case"


def other_demo_modules():
    """The demo.py of every installed addon after this one, in INSTALLED_APPS order."""
    names = [config.name for config in apps.get_app_configs() if config.name.startswith("addons.")]
    for name in names[names.index(BASE_MODULE) + 1 :]:
        try:
            module = import_module(f"{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{name}.demo":
                continue  # this module has no demo data
            raise
        if callable(getattr(module, "load", None)):
            yield name, module


class Command(BaseCommand):
    help = "Load demo users and data (development only). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a production database).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _("Demo data is only for development: DEBUG is off. Use --force if you really mean it.")
            )
        with transaction.atomic():
            logins = demo.load(self.stdout)
        for name, module in other_demo_modules():
            with transaction.atomic():
                module.load(self.stdout)
            self.stdout.write(_("%(module)s: demo data loaded.") % {"module": name})
        if options["verbosity"]:
            self._print_logins(logins)

    def _print_logins(self, logins):
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(_("Demo logins (password for all: %(password)s)") % {
                "password": settings.DEMO_PASSWORD
            }))  # fmt: skip
            self.stdout.write(
                _(
                    "Two-factor sign-in: every demo user is enrolled. Add the TOTP key shown to an "
                    "authenticator app, or print the current code with: python manage.py demo_otp <username>"
                )
            )
            width = max(len(login[0]) for login in logins)
            for username, role, password, detail, totp_key in logins:
                where = f" — {detail}" if detail and role in (R.UBND_XA, R.SO_NGANH) else ""
                self.stdout.write(
                    f"  {username:<{width}}  {password}  TOTP {totp_key}  {ROLE_NAMES[role]}{where}"
                )
