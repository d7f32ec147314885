"""The client's address, for the login lockout (django-axes) and the API throttles.

`X-Forwarded-For` is trusted only when the settings say the app is behind a reverse proxy
(`DJANGO_BEHIND_PROXY`), and then only the last `DJANGO_PROXY_HOPS` entries, the ones our own proxies
appended: anything further left was written by the client and would give each forged value its own
lockout and throttle budget.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = getattr(settings, "PROXY_HOPS", 0) if getattr(settings, "BEHIND_PROXY", False) else 0
    if hops <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < hops:
        return remote  # fewer entries than our proxies add: not a request that came through them
    return forwarded[-hops]
