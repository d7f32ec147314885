"""Back-office screens of the case module (Django admin + Unfold), one file per model."""

from . import attachment, audit, case, citizen, reception, reference, users  # noqa: F401

from django.contrib import admin  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

admin.site.index_title = _("Overview")
