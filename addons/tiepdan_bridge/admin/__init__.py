"""Back-office screens of the bridge module (Unfold), every queryset scoped by visible_to."""

from . import archive, budget, checks, equipment, incidents, sites  # noqa: F401
