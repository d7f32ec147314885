"""Back-office screens of the case module (Django admin + Unfold), one file per model."""

from . import attachment, audit, case, citizen, reception, reference, users  # noqa: F401
