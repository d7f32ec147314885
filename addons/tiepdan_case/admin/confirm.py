"""No state change on a GET (issue 12): an admin button that changes something (Unfold's list and detail
actions are links, so a GET) answers a GET with this page — what will happen and a POST form with CSRF —
and does the change only on that POST."""

from django.contrib import admin
from django.template.response import TemplateResponse


def ask_to_confirm(request, *, title, question, button, cancel_url):
    context = {
        **admin.site.each_context(request),
        "title": title,
        "question": question,
        "button": button,
        "cancel_url": cancel_url,
    }
    return TemplateResponse(request, "tiepdan_case/admin/confirm_post.html", context)
