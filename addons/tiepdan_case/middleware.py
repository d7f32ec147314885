"""Lighter back-office pages: the indentation of Django's and Unfold's templates is a third of a list
page's HTML. Runs of blank space that contain a line break become one line break (scripts keep their
lines); the content of <textarea> and <pre> is left exactly as it is."""

import re

KEPT = re.compile(r"(<textarea\b.*?</textarea>|<pre\b.*?</pre>)", re.S | re.I)
SPACE = re.compile(r"[ \t\r]*\n\s*")


def compact_html(html: str) -> str:
    parts = KEPT.split(html)
    return "".join(part if index % 2 else SPACE.sub("\n", part) for index, part in enumerate(parts))


class CompactHtmlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            "text/html" in response.get("Content-Type", "")
            and not getattr(response, "streaming", False)
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            response.content = compact_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


# --- sign-in (issue 12) ---------------------------------------------------------------------------

# Pages an unverified user may still open: the second-factor pages themselves, signing out, the public
# schedule. Static files and the health probes are answered before this middleware.
SECOND_FACTOR_OPEN_PREFIXES = ("/tai-khoan/xac-thuc/", "/logout/", "/lich-tiep-cong-dan/", "/jsi18n/")
IDLE_TOUCH_SECONDS = 60  # the last-seen time is written at most once a minute, not on every request
LAST_SEEN_KEY = "tiepdan_last_seen"


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def start_idle_clock(sender, request, user, **kwargs):
    """user_logged_in: the idle clock starts at sign-in (saved with the new session: no extra write)."""
    import time

    session = getattr(request, "session", None)
    if session is not None and "_auth_user_id" in session:  # a browser session (a token login has none)
        session[LAST_SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """A signed-in browser session ends after SESSION_IDLE_SECONDS without a request (SESSION_COOKIE_AGE
    stays the longest a session lasts at all)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings
        from django.contrib.auth import logout

        session = getattr(request, "session", None)
        if session is not None and "_auth_user_id" in session:
            now = int(time.time())
            last = session.get(LAST_SEEN_KEY)
            if isinstance(last, int) and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)  # flushes the session: the next page asks to sign in again
            elif not isinstance(last, int) or now - last >= IDLE_TOUCH_SECONDS:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A user who needs the second factor (services/second_factor.requires_second_factor) and whose
    session is not verified reaches nothing but the enrolment or verification page (the API: 403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        blocked = self._blocked(request)
        return blocked if blocked is not None else self.get_response(request)

    def _blocked(self, request):
        from django.http import JsonResponse
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode
        from django.utils.translation import gettext as _

        from .services import second_factor

        session = getattr(request, "session", None)
        if session is None or "_auth_user_id" not in session:
            return None  # anonymous, or an API token (checked when the token is issued)
        if request.path.startswith(SECOND_FACTOR_OPEN_PREFIXES):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or not second_factor.requires_second_factor(user):
            return None
        if _wants_json(request):
            return JsonResponse(
                {
                    "code": "second_factor_required",
                    "detail": _("Two-factor sign-in is required for your account: verify your code first."),
                    "fields": {},
                },
                status=403,
            )
        target = "tiepdan_case:second_factor_verify"
        if not second_factor.is_enrolled(user):
            target = "tiepdan_case:second_factor_enrol"
        next_url = request.get_full_path() if request.method == "GET" else "/"
        return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
