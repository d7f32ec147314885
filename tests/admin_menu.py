"""The admin menu as a user sees it: the entries of `admin.site.get_app_list` that have a list page.

The walks over every screen (Vietnamese text, leaks, list query counts, list rendering) start from it."""

from django.contrib import admin
from django.test import RequestFactory


def menu_entries(user):
    """The menu's model entries with a list page (`model`, `admin_url`, `add_url`, …) for this user."""
    request = RequestFactory().get("/")
    request.user = user
    for app in admin.site.get_app_list(request):
        for entry in app["models"]:
            if entry.get("admin_url"):
                yield entry
