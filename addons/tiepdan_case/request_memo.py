"""What a GET request computes once: a user's scope (the id sets behind `visible_to`) is fetched once per
page, not once for each queryset the page builds (issue 13: a commune clerk's case page asked for the
same ids twelve times, 24 queries).

Only for a safe request (GET, HEAD, OPTIONS): nothing changes on one (`tests/test_no_state_change_on_get.py`),
so a scope cannot change under it. A POST, a management command, a worker job or a test calling a service
directly keeps no memo and asks the database every time, as before. The memo lives in a context variable
set by `RequestMemoMiddleware` for the duration of the view (one per request, also under threads or
async) and is dropped when the response leaves it.
"""

import contextvars
import functools

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_memo: contextvars.ContextVar = contextvars.ContextVar("tiepdan_request_memo", default=None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def in_safe_request() -> bool:
    """Whether a safe request's memo is active (the code runs inside a GET, HEAD or OPTIONS view)."""
    return _memo.get() is not None


def per_user_in_safe_request(function):
    """`function(user)` computed once per user during a safe request; called as before elsewhere.

    The result is shared by the callers of that request: it must not be changed in place (a Q or a
    queryset combined with `|`/`&` or filtered gives a new object)."""

    @functools.wraps(function)
    def memoized(user):
        memo = _memo.get()
        if memo is None or not getattr(user, "is_authenticated", False):
            return function(user)
        key = (function.__qualname__, user.pk)
        if key not in memo:
            memo[key] = function(user)
        return memo[key]

    memoized.uncached = function
    return memoized
