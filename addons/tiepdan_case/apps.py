from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiepdanCaseConfig(AppConfig):
    """The base module: units, agencies, roles and scoping, citizens, cases, receptions, calendar."""

    name = "addons.tiepdan_case"
    label = "tiepdan_case"
    verbose_name = _("Citizens and cases")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import append_only, roles
        from .api import fields as api_fields
        from .collation import install_sqlite_collation
        from .people import vietnamese_full_name

        api_fields.install()  # every API date within config/formats/bounds.py
        get_user_model().get_full_name = vietnamese_full_name  # family name first, everywhere

        connection_created.connect(install_sqlite_collation, dispatch_uid="tiepdan_vi_collation")
        post_migrate.connect(load_reference_after_migrate, sender=self, dispatch_uid="tiepdan_reference_data")
        post_migrate.connect(roles.sync_after_migrate, dispatch_uid="tiepdan_sync_roles")
        post_migrate.connect(
            append_only.recreate_sqlite_triggers, sender=self, dispatch_uid="tiepdan_append_only_sqlite"
        )

        from .services.accounts import connect_signals

        connect_signals()  # a new password or a disabled account ends every session and token (issue 12)

        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="tiepdan_idle_clock")

        from config import collector

        collector.arm()  # the program's own objects out of the garbage collector's walks (issue 13)


def load_reference_after_migrate(sender, apps=None, **kwargs):
    """Reference data also comes back after a database flush (flush sends post_migrate): tests that use
    a transactional database, and a fresh `migrate`, always find the units, agencies and holidays."""
    from django.apps import apps as global_apps

    from .data.reference import load_all

    load_all(apps or global_apps)
