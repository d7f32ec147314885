"""Project-wide middleware: health probes for the load balancer and one log line per request."""

import logging
import re
import time
import uuid

from django.utils.functional import SimpleLazyObject

from config.request_context import current_request_id

logger = logging.getLogger("tiepdan.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _user_id(request):
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):  # never load a session just to log
        user = getattr(request, "_cached_user", None)
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestLogMiddleware:
    """Takes the request id from `X-Request-ID` (a proxy's, if well formed) or makes one, makes it the
    context of every log line written while the request runs (and of the outbox rows it queues), returns
    it in the response, and writes one line: method, route pattern (never the path's ids or the query
    string), status, duration, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            match = getattr(request, "resolver_match", None)
            logger.info(
                "%s %s %s",
                request.method,
                match.route if match else "-",
                response.status_code,
                extra={
                    "method": request.method,
                    "route": match.route if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            current_request_id.reset(token)


class HealthCheckMiddleware:
    """`/healthz` and `/readyz` answered before host checks, HTTPS redirects and sessions, so a load
    balancer or the compose health check can ask by IP address. See config/health.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in ("/healthz", "/healthz/"):
            from config.health import healthz

            return healthz(request)
        if request.path in ("/readyz", "/readyz/"):
            from config.health import readyz

            return readyz(request)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every API answer and every download (issue 6): they carry case
    content and personal data, and a shared computer or a proxy cache must keep none of it."""

    PREFIXES = ("/api/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if request.path.startswith(self.PREFIXES) or disposition.startswith("attachment"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
