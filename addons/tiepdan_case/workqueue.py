"""The home page's work queue (TEAM.md interface 7): what needs this user today, per role.

Each module adds its own lines in its own `workqueue.py` (found by Django's autodiscovery, like the
worker's `jobs.py`), the way it adds its sidebar group in `navigation.py`:

    from addons.tiepdan_case.workqueue import QueueLine, provider

    @provider(order=40)
    def session_lines(request):
        if not request.user.has_perm("tiepdan_session.view_session"):
            return []
        count = Session.objects.visible_to(request.user).filter(...).count()
        return [QueueLine(_("Invitations to hand out"), count, url)]

A provider takes the request and returns lines (or buttons). Rules for a provider:
- counts come from `Model.objects.visible_to(request.user)`, never from an unscoped queryset;
- a fixed number of queries, whatever the amount of data (aggregate several counts in one query);
- a line's `url` opens the filtered list the count is about, on a page this user may open;
- no name of a protected denouncer in a line (titles of shielded cases are never shown here).
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class QueueItem:
    """One row under a line (e.g. a draft and why it cannot be sent yet)."""

    label: str
    url: str
    details: tuple = ()


@dataclass(frozen=True)
class QueueLine:
    title: str
    count: int
    url: str
    tone: str = "info"  # "danger" (overdue), "warning" (due soon), "info"
    items: tuple = field(default_factory=tuple)
    kind: str = "line"


@dataclass(frozen=True)
class QueueButton:
    """A primary action at the top of the queue ("Tiếp công dân mới")."""

    title: str
    url: str
    icon: str = "add"
    kind: str = "button"


_PROVIDERS: dict[str, tuple[int, object]] = {}
_discovered = False


def counts(queryset, filters: dict) -> dict:
    """{code: the number of rows of `queryset` that `filters[code]` (a Q) keeps}, in one query. Its WHERE is
    the OR of the filters, so the database reads only the rows some line counts (a commune's drafts and
    returned cases: two states of its state index, not every case of the commune; issue 13)."""
    if not filters:
        return {}
    from django.db.models import Count

    return queryset.filter(reduce(operator.or_, filters.values())).aggregate(
        **{code: Count("pk", filter=q) for code, q in filters.items()}
    )


def provider(order: int = 100):
    """Register `func(request) -> list[QueueLine | QueueButton]`; lower `order` comes first."""

    def decorator(func):
        _PROVIDERS[f"{func.__module__}.{func.__qualname__}"] = (order, func)
        return func

    return decorator


def entries_for(request) -> list:
    global _discovered
    if not _discovered:
        autodiscover_modules("workqueue")
        _discovered = True
    entries = []
    for _order, func in sorted(_PROVIDERS.values(), key=lambda pair: pair[0]):
        entries.extend(func(request) or [])
    return entries


def dashboard_callback(request, context) -> dict:
    """The home page's context (config/unfold.py's DASHBOARD_CALLBACK; template admin/index.html)."""
    entries = entries_for(request)
    context.update(
        {
            "queue_buttons": [e for e in entries if e.kind == "button"],
            "queue_lines": [e for e in entries if e.kind == "line"],
        }
    )
    return context


# The case module's own lines.
from . import queues as _case_queues  # noqa: E402,F401
