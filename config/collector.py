"""The cyclic garbage collector of a web process: the program's own objects are frozen out of it (issue 13).

A warmed-up process holds about 155,000 container objects that live as long as it does (modules, models,
URL patterns, compiled templates, translation catalogues). Python's collector walks every one of them in
each full collection, which a page's cyclic garbage (forms, bound fields, template contexts) triggers about
once in fifteen requests: measured at full scale, 90–150 ms added to that one request on this 2-core machine,
so the p95 of a 60 ms case page was the collector's pause, not the page.

`gc.freeze()` (Python's gc module) moves every object alive at that moment into a permanent generation the
collector no longer walks; reference counting still frees them as before. It runs once per process, when
its first request has finished: after a collection, so what is frozen is the program and its warm caches,
plus the few cycles of that one response still being closed (a one-off, never collected). Later full
collections walk only what the process made since: 20–30 ms, most of it the garbage they free.
"""

import gc

from django.core.signals import request_finished

_DISPATCH_UID = "tiepdan_collector_freeze"


def freeze_after_first_request(sender=None, **kwargs) -> None:
    request_finished.disconnect(dispatch_uid=_DISPATCH_UID)
    gc.collect()
    gc.freeze()


def arm() -> None:
    """Freeze at the end of this process's next finished request (called once from AppConfig.ready)."""
    request_finished.connect(freeze_after_first_request, dispatch_uid=_DISPATCH_UID, weak=False)
