"""Back-office screens of the session module (Unfold), every queryset scoped by visible_to."""

from . import directives, parts, sessions  # noqa: F401
