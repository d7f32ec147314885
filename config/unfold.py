"""Unfold (admin theme) settings: titles and the sidebar, in Vietnamese.

The sidebar items and their permission callbacks live in addons/tiepdan_case/navigation.py, so their
labels are translated in that module's catalogue.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.navigation import navigation, show_all_applications

UNFOLD = {
    "SITE_TITLE": _("Online citizen reception"),
    "SITE_HEADER": _("Online citizen reception"),
    "SITE_SUBHEADER": _("Đồng Tháp Provincial People's Committee"),
    "SITE_SYMBOL": "record_voice_over",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": False,
    "LOGIN": {"redirect_after": lambda request: reverse_lazy("admin:index")},
    "SIDEBAR": {
        "show_search": False,
        "show_all_applications": show_all_applications,
        "navigation": navigation,
    },
}
