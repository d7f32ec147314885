from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiepdanBridgeConfig(AppConfig):
    """Bridge infrastructure: sites, equipment, site checks, incidents, video adapters, signed archive."""

    name = "addons.tiepdan_bridge"
    label = "tiepdan_bridge"
    verbose_name = _("Bridge sites")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(seed_sites_after_migrate, sender=self, dispatch_uid="tiepdan_bridge_sites")


def seed_sites_after_migrate(sender, apps=None, **kwargs):
    """The sites of the plan come back after a flush too (transactional tests, a fresh migrate)."""
    from django.apps import apps as global_apps

    from .data.sites import seed_sites

    apps = apps or global_apps
    try:
        apps.get_model("tiepdan_bridge", "BridgeSite")
    except LookupError:  # migrated back below the initial migration
        return
    seed_sites(apps)
