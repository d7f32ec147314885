"""The sidebar group of the report module (put in order by config/unfold.py). No model imports here."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.navigation import has_any_perm


def navigation(request=None):
    return [
        {
            "title": _("Documents and reports"),
            "separator": True,
            "items": [
                {
                    "title": _("Issued documents"),
                    "icon": "description",
                    "link": reverse_lazy("admin:tiepdan_report_issueddocument_changelist"),
                    "permission": has_any_perm("tiepdan_report.view_issueddocument"),
                },
                {
                    "title": _("Registers and statistics"),
                    "icon": "table_view",
                    "link": reverse_lazy("admin:tiepdan_report_exports"),
                    "permission": has_any_perm(
                        "tiepdan_case.view_reception", "tiepdan_report.export_statistics"
                    ),
                },
            ],
        }
    ]
