"""Unfold (admin theme) settings: titles and the sidebar, in Vietnamese."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

UNFOLD = {
    "SITE_TITLE": _("Online citizen reception"),
    "SITE_HEADER": _("Online citizen reception"),
    "SITE_SUBHEADER": _("Đồng Tháp Provincial People's Committee"),
    "SITE_SYMBOL": "record_voice_over",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": False,
    "LOGIN": {"redirect_after": lambda request: reverse_lazy("admin:index")},
    "SIDEBAR": {"show_search": True, "show_all_applications": True},
}
