from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiepdanReportConfig(AppConfig):
    """Dashboards, PDF documents, Excel exports and statistics."""

    name = "addons.tiepdan_report"
    label = "tiepdan_report"
    verbose_name = _("Reports")
