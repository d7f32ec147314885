from functools import partial

from addons.tiepdan_case.models.base import scoped_queryset as _scoped_queryset

# `Model.objects.visible_to(user)` for the session models, answered by tiepdan_session/scoping.py.
scoped_queryset = partial(_scoped_queryset, scoping_module="addons.tiepdan_session.scoping")
