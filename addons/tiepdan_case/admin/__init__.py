"""Back-office screens of the case module (Django admin + Unfold), one file per model."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import attachment, audit, case, citizen, notification, reception, reference, users  # noqa: F401

admin.site.index_title = _("Overview")
# The home page is the work queue of workqueue.py (what needs this user today), not a list of sections.
admin.site.index_template = "tiepdan_case/admin/home.html"
