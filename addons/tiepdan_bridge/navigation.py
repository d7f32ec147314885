"""The bridge module's sidebar group (composed with the case module's in config/unfold.py).

Each item shows only for the permissions it names; the screens still check permission and scope.
No model imports here: settings import this module.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.navigation import has_any_perm

_B = "tiepdan_bridge"


def navigation(request=None):
    return [
        {
            "title": _("Bridge sites"),
            "separator": True,
            "items": [
                {
                    "title": _("Readiness board"),
                    "icon": "traffic",
                    "link": reverse_lazy("tiepdan_bridge:board"),
                    "permission": has_any_perm(f"{_B}.view_bridgesite"),
                },
                {
                    "title": _("Site checks"),
                    "icon": "fact_check",
                    "link": reverse_lazy("admin:tiepdan_bridge_sitecheck_changelist"),
                    "permission": has_any_perm(f"{_B}.view_sitecheck"),
                },
                {
                    "title": _("Incidents"),
                    "icon": "report",
                    "link": reverse_lazy("admin:tiepdan_bridge_incident_changelist"),
                    "permission": has_any_perm(f"{_B}.view_incident"),
                },
                {
                    "title": _("Sites"),
                    "icon": "cell_tower",
                    "link": reverse_lazy("admin:tiepdan_bridge_bridgesite_changelist"),
                    "permission": has_any_perm(f"{_B}.view_bridgesite"),
                },
                {
                    "title": _("Equipment"),
                    "icon": "videocam",
                    "link": reverse_lazy("admin:tiepdan_bridge_equipment_changelist"),
                    "permission": has_any_perm(f"{_B}.view_equipment"),
                },
                {
                    "title": _("Budget estimates"),
                    "icon": "payments",
                    "link": reverse_lazy("admin:tiepdan_bridge_budgetline_changelist"),
                    "permission": has_any_perm(f"{_B}.view_budgetline"),
                },
                {
                    "title": _("Signed archive"),
                    "icon": "inventory_2",
                    "link": reverse_lazy("admin:tiepdan_bridge_archiveentry_changelist"),
                    "permission": has_any_perm(f"{_B}.view_archiveentry"),
                },
            ],
        }
    ]
