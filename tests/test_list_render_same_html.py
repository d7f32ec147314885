"""The cheaper list rendering of `admin/list_render.py` (issue 13) writes the very HTML Unfold writes.

Every list of a user's menu is opened twice, as users who see different columns and different masking
(the board, which handles every denunciation; a leader, who handles none; a commune; the administrator):
once as the back office runs, once with Unfold's own functions put back. The pages must be identical
byte for byte (the form token and the script nonce aside). Then the savings themselves: the column
headers are built once per list, not once per row; a badge's template and a filter box's are not
rendered again for the same content.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth import get_user_model
from django.template import engines
from unfold.admin import ModelAdmin
from unfold.templatetags import unfold_list

from addons.tiepdan_case.admin import list_render
from tests.admin_menu import menu_entries
from tests.test_screens_in_vietnamese import demo_data  # noqa: F401 - the module's demo data fixture

pytestmark = pytest.mark.django_db

USERS = ["ban_tcd", "lanh_dao", "ubnd_xa", "quan_tri"]
CASES = "/tiepdan_case/case/"
CITIZENS = "/tiepdan_case/citizen/"
PER_REQUEST = re.compile(rb'(name="csrfmiddlewaretoken" value="|nonce=")[^"]*"')


def _changelists(user):
    for entry in menu_entries(user):
        yield entry["admin_url"]


def _page(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return PER_REQUEST.sub(rb"\1\"", response.content)


def _templates_compiled_again():
    for loader in engines["django"].engine.template_loaders:
        loader.reset()  # a compiled template keeps the tag functions it was parsed with


def _as_unfold_renders(monkeypatch):
    monkeypatch.setitem(
        admin_list.register.tags, "admin_list_filter", list_render.django_admin_list_filter_tag
    )
    monkeypatch.setattr(unfold_list, "result_headers", list_render.unfold_result_headers)
    monkeypatch.setattr(unfold_list, "display_for_label", list_render.unfold_display_for_label)
    monkeypatch.setattr(unfold_list, "add_preserved_filters", list_render.unfold_add_preserved_filters)
    monkeypatch.delattr(ModelAdmin, "list_sections")
    monkeypatch.setattr(ModelAdmin, "get_changelist", list_render.unfold_get_changelist)


@pytest.mark.parametrize("username", USERS)
def test_every_list_page_is_the_same_html_as_unfold_renders_it(demo_data, client, monkeypatch, username):  # noqa: F811
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    urls = list(_changelists(user))
    for url in (CASES, CITIZENS):  # the busiest lists also sorted by a column and searched
        if url in urls:
            urls += [f"{url}?o=-1", f"{url}?q=a"]
    ours = {url: _page(client, url) for url in urls}
    with monkeypatch.context() as patch:
        _as_unfold_renders(patch)
        _templates_compiled_again()
        try:
            theirs = {url: _page(client, url) for url in urls}
        finally:
            _templates_compiled_again()
    different = [url for url in urls if ours[url] != theirs[url]]
    assert not different, different
    assert len(urls) >= 9


def test_a_list_builds_its_column_headers_once_and_not_once_per_row(demo_data, client, monkeypatch):  # noqa: F811
    client.force_login(get_user_model().objects.get(username="ban_tcd"))
    built, unfold_headers = [], list_render.unfold_result_headers

    def counted(cl):
        built.append(cl)
        return unfold_headers(cl)

    monkeypatch.setattr(list_render, "unfold_result_headers", counted)
    response = client.get(CASES)
    assert len(response.context["cl"].result_list) >= 5
    assert len(built) == 1


def test_a_state_badge_is_not_rendered_from_its_template_for_every_row(demo_data, client):  # noqa: F811
    client.force_login(get_user_model().objects.get(username="ban_tcd"))
    client.get(CASES)
    response = client.get(CASES)
    rows = len(response.context["cl"].result_list)
    states = {case.state for case in response.context["cl"].result_list}
    badges = [t for t in response.templates if t.name == "unfold/helpers/display_label.html"]
    assert rows >= 5 and len(states) < rows
    assert len(badges) == 0  # the second page view reuses every badge of the first
    assert response.content.count(b"uppercase whitespace-nowrap") >= rows  # one badge per row, still


def test_every_admin_answers_the_list_template_lookups_it_makes_per_row():
    # A lookup the template cannot resolve costs a dir() of the whole admin class, twice per row.
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, ModelAdmin):
            assert model_admin.list_sections == ()
            assert hasattr(model_admin, "ordering_field")


def test_a_filter_box_is_rendered_again_only_when_what_it_shows_changes(demo_data, client):  # noqa: F811
    client.force_login(get_user_model().objects.get(username="ban_tcd"))
    client.get(CASES)
    again = client.get(CASES)
    filtered = client.get(CASES + "?state__exact=closed")
    boxes = [t for t in again.templates if t.name == list_render.PLAIN_FILTER]
    assert boxes == []  # every box of the first view, reused
    assert [t for t in filtered.templates if t.name == list_render.PLAIN_FILTER]  # new links: rendered
    assert b"state__exact=closed" in filtered.content
