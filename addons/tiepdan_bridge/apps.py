from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiepdanBridgeConfig(AppConfig):
    """Bridge infrastructure: sites, equipment, site checks, incidents, video adapters, signed archive."""

    name = "addons.tiepdan_bridge"
    label = "tiepdan_bridge"
    verbose_name = _("Bridge sites")
