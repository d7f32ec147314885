from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiepdanSessionConfig(AppConfig):
    """Reception sessions, minutes, directives and follow-up (built on tiepdan_bridge)."""

    name = "addons.tiepdan_session"
    label = "tiepdan_session"
    verbose_name = _("Reception sessions")
