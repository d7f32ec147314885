"""Panels a higher module adds to the session's page without this module importing it (dependencies run
case ← bridge ← session ← report): the report module registers the session's documents here.

    register_page_panel(func)  # func(request, session) -> {"template": "...", ...} or None
"""

_PROVIDERS = []


def register_page_panel(func):
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def page_panels(request, session) -> list[dict]:
    return [panel for panel in (func(request, session) for func in _PROVIDERS) if panel]
