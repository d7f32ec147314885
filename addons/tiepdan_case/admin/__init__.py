"""Back-office screens of the case module (Django admin + Unfold), one file per model."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.templatetags import unfold_list

from . import (  # noqa: F401
    attachment,
    audit,
    case,
    citizen,
    custody,
    links,
    list_render,
    lockouts,
    notification,
    reception,
    reference,
    render_once,
    role_grant,
    users,
)

admin.site.index_title = _("Overview")
# The home page is the work queue of workqueue.py (what needs this user today), not a list of sections.
admin.site.index_template = "tiepdan_case/admin/home.html"
# Read-only related objects link to their page only for users who may open it.
links.install()
# A change page builds each form row and read-only value once, however often its templates read them.
render_once.install()

# Page weight (issue 8: no page over 150 KB): each list cell carries one short class (admin.css), not 26.
unfold_list.ROW_CLASSES[:] = ["tdc"]
# List pages: the headers once per list, each badge's HTML once (list_render.py, issue 13).
list_render.install()
