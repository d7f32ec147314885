"""Vietnamese 403, 404 and 500 pages in the back-office style, in production and with DEBUG on.

`config/urls.py` names the handlers; `ErrorPageMiddleware` puts the same pages in place of Django's
technical (English) debug pages when DEBUG is on (`make run`), so a clerk trying the demo sees what
production shows. The traceback of a 500 is still logged by Django. The API keeps its JSON errors.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

TEXTS = {
    400: (
        lambda: _("The request is not valid"),
        lambda: _("The page could not understand what was sent. Go back and try again."),
    ),
    403: (
        lambda: _("You may not open this page"),
        lambda: _(
            "Your role does not give access to this page. If you need it, ask the system administrators."
        ),
    ),
    404: (
        lambda: _("Page not found"),
        lambda: _("The page does not exist, or it is not within what your role may see."),
    ),
    500: (
        lambda: _("Something went wrong on our side"),
        lambda: _("The error has been recorded for the administrators. Try again in a moment."),
    ),
}


def _context(request, status: int) -> dict:
    title, text = TEXTS[status]
    context = {"status": status, "error_title": title(), "error_text": text(), "title": title()}
    try:
        from django.contrib import admin

        context.update(admin.site.each_context(request))
    except Exception:  # a 500 may come from the database itself: the page must still render
        context["site_title"] = _("Online citizen reception")
    context["home_url"] = reverse("admin:index")
    context["login_url"] = reverse("admin:login")
    return context


def error_page(request, status: int):
    response = TemplateResponse(
        request, "tiepdan_case/error_page.html", _context(request, status), status=status
    )
    response.render()
    response.tiepdan_error_page = True
    return response


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    return error_page(request, 500)


def csrf_failure(request, reason=""):
    return error_page(request, 403)


class ErrorPageMiddleware:
    """With DEBUG on, Django answers 404 and 500 with its technical English pages: show ours instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code in TEXTS
            and not getattr(response, "tiepdan_error_page", False)
            and not request.path.startswith("/api/")
            and "text/html" in response.get("Content-Type", "")
            and not getattr(response, "streaming", False)
        ):
            return error_page(request, response.status_code)
        return response
