from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiepdanReportConfig(AppConfig):
    """Dashboards, PDF documents, Excel exports and statistics."""

    name = "addons.tiepdan_report"
    label = "tiepdan_report"
    verbose_name = _("Reports")

    def ready(self):
        from addons.tiepdan_session.panels import register_page_panel

        from .session_page import documents_panel

        register_page_panel(documents_panel)
