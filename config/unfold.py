"""Unfold (admin theme) settings: titles and the sidebar, in Vietnamese.

Each module keeps its sidebar group and permission callbacks in its own navigation.py (labels translated
in its own catalogue); this file only puts the groups in order: the case work first, then the sessions,
the bridge sites, then documents and reports, then control and reference data.
"""

from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_bridge import navigation as bridge_navigation
from addons.tiepdan_case import navigation as case_navigation
from addons.tiepdan_case.navigation import show_all_applications
from addons.tiepdan_report import navigation as report_navigation
from addons.tiepdan_session import navigation as session_navigation


def navigation(request=None):
    case_groups = case_navigation.navigation(request)
    groups = (
        case_groups[:1]
        + session_navigation.navigation(request)
        + bridge_navigation.navigation(request)
        + report_navigation.navigation(request)
        + case_groups[1:]
    )
    return [_complete(group) for group in groups]


def _complete(group: dict) -> dict:
    """Built on every page (issue 13): the sidebar template asks each group and item for keys Unfold only
    sets for some (a missing key is a failed template lookup, which lists the whole dict first); each
    link is reversed once here instead of once per use (Unfold's "active" check, then the template)."""
    group.setdefault("collapsible", False)
    group.setdefault("badge", None)
    for item in group["items"]:
        item.setdefault("badge", None)
        item.setdefault("link_callback", None)
        if isinstance(item.get("link"), Promise):
            item["link"] = str(item["link"])
    return group


UNFOLD = {
    "SITE_TITLE": _("Online citizen reception"),
    "SITE_HEADER": _("Online citizen reception"),
    "SITE_SUBHEADER": _("Đồng Tháp Provincial People's Committee"),
    "SITE_SYMBOL": "record_voice_over",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": False,
    "STYLES": [lambda request: static("tiepdan_case/admin.css")],
    "SITE_FAVICONS": [
        {"rel": "icon", "type": "image/svg+xml", "href": lambda request: static("tiepdan_case/favicon.svg")}
    ],
    "DASHBOARD_CALLBACK": "addons.tiepdan_report.home.dashboard_callback",  # work queue + figures
    "LOGIN": {"redirect_after": lambda request: reverse_lazy("admin:index")},
    "SIDEBAR": {
        "show_search": False,
        "show_all_applications": show_all_applications,
        "navigation": navigation,
    },
}
