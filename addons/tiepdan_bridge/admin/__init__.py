"""Back-office screens of the bridge module (Unfold), every queryset scoped by visible_to."""

from importlib.util import find_spec

from . import budget, checks, equipment, incidents, sites  # noqa: F401

if find_spec(f"{__name__}.archive"):  # part of the module written separately
    from . import archive  # noqa: F401
