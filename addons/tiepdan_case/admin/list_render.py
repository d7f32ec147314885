"""Cheaper list pages (issue 13): what Unfold recomputes for every cell is computed once.

Unfold 0.91 renders a list cell by cell; most of a list page's Python time went to work that does not
change from one row to the next:

- `items_for_result` rebuilt all the column headers (sort links, query strings) for **every row**, only
  to read each header's text: the headers are built once per list (kept on the ChangeList), their texts
  translated once;
- the list template asks `cl.model_admin.list_sections` twice per row and `cl.is_dataset`, which 0.91
  does not define: every failed template lookup runs dir() over the whole class first;
- a coloured badge (`@display(label=…)`: states, "overdue") rendered two templates per cell: its HTML
  depends only on its text and colour, so it is rendered once per (text, colour) and reused;
- each row's link was one reverse(), and on a searched or filtered list one resolve() more to add the
  query: the list does both once, for a stand-in id, and puts each row's id in;
- a filter box (the communes' box has a hundred links) was rendered from its template on every page:
  its links are still computed for the request, and the box is rendered again only when they change.

The caches keep HTML keyed by everything its template reads (language included), never a request.
The HTML is byte for byte what Unfold writes (tests/test_list_render_same_html.py compares both).
"""

import re
from functools import lru_cache

from django.contrib.admin.templatetags import admin_list
from django.template import Library
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from unfold import utils as unfold_utils
from unfold import views as unfold_views
from unfold.admin import ModelAdmin
from unfold.templatetags import unfold_list

unfold_display_for_label = unfold_utils.display_for_label
unfold_result_headers = unfold_list.result_headers
unfold_get_changelist = ModelAdmin.get_changelist
unfold_add_preserved_filters = unfold_list.add_preserved_filters


def result_headers(cl):
    """The headers of this list, built on the first call and the same dicts afterwards."""
    headers = cl.__dict__.get("_tiepdan_headers")
    if headers is None:
        headers = list(unfold_result_headers(cl))
        for header in headers:  # each cell repeats its header's text: translated once, not per cell
            if isinstance(header.get("text"), Promise):
                header["text"] = str(header["text"])
        cl._tiepdan_headers = headers
    return iter(headers)


class _Unhashable(Exception):
    pass


def _frozen(value):
    """A hashable stand-in that keeps what the template sees: the text and whether it is already safe."""
    if isinstance(value, Promise):
        value = str(value)  # the active language's text
    if isinstance(value, str):
        return ("s", isinstance(value, SafeData), str(value))
    if isinstance(value, tuple | list):
        return (type(value).__name__, *(_frozen(v) for v in value))
    if isinstance(value, dict):
        return ("d", *sorted((_frozen(k), _frozen(v)) for k, v in value.items()))
    if value is None or isinstance(value, bool | int):
        return ("v", type(value).__name__, value)
    raise _Unhashable


class _Keyed:
    """What one cached rendering needs (`args`), equal and hashed by its `key` alone: lru_cache keys on what
    decides the HTML, and once rendered the cache keeps the key only, never this request's objects."""

    __slots__ = ("key", "args")

    def __init__(self, key, *args):
        self.key, self.args = key, args

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, _Keyed) and self.key == other.key

    def taken(self) -> tuple:
        args, self.args = self.args, ()
        return args


@lru_cache(maxsize=4096)
def _rendered(badge: _Keyed) -> str:
    return str(unfold_display_for_label(*badge.taken()))  # value, empty value display, label


def display_for_label(value, empty_value_display, label):
    try:
        key = (_frozen(value), _frozen(empty_value_display), _frozen(label))
    except _Unhashable:  # something else than text, numbers and their tuples: rendered every time
        return unfold_display_for_label(value, empty_value_display, label)
    return mark_safe(_rendered(_Keyed(key, value, empty_value_display, label)))


class ChangeList(unfold_views.ChangeList):
    """Unfold's list, with the link of each row built from one reverse() per list instead of one per row,
    and a searched list of one page drawn from the ids its count read."""

    is_dataset = False  # the templates ask; a failed lookup costs a dir() of the ChangeList

    MARK = "918273645546372819"  # a primary key no row has: where the pk goes in the reversed URL

    def get_results(self, request):
        super().get_results(request)
        # A searched list on one page is drawn from the ids read with its count, not the whole searched
        # queryset (its search once more); pagination.EstimatedCountPaginator.
        searched = getattr(self.paginator, "searched_rows", None)
        rows = searched(1) if searched is not None and not self.multi_page else None
        if rows is not None:
            self.result_list = rows

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        parts = self.__dict__.get("_tiepdan_url_parts")
        if parts is None:
            parts = str(super().url_for_result(_Row(self.pk_attname, self.MARK))).split(self.MARK)
            self._tiepdan_url_parts = parts
        if type(pk) is not int or len(parts) != 2:  # a text key is quoted by the admin: its own reverse()
            return super().url_for_result(result)
        return f"{parts[0]}{pk}{parts[1]}"


class _Row:
    def __init__(self, attname, pk):
        setattr(self, attname, pk)


ROW_LINK = re.compile(r"(?P<head>[^?#]*/)(?P<pk>\d+)(?P<tail>/change/)")


def add_preserved_filters(context, url, popup=False, to_field=None):
    """A searched or filtered list adds its query to every row's link, and Django resolves each link
    again to decide how: the same for every row of the list, so it is done once, for a stand-in id."""
    match = (
        ROW_LINK.fullmatch(url)
        if not (popup or to_field) and set(context) == {"preserved_filters", "opts"}
        else None
    )
    if match is None or not context["preserved_filters"]:
        return unfold_add_preserved_filters(context, url, popup, to_field)
    stand_in = f"{match['head']}{ChangeList.MARK}{match['tail']}"
    linked = _row_link(stand_in, context["preserved_filters"], context["opts"], get_script_prefix())
    return linked.replace(
        ChangeList.MARK, match["pk"], 1
    )  # the path comes first: its stand-in, not the query's


@lru_cache(maxsize=1024)
def _row_link(url, preserved_filters, opts, script_prefix):
    return unfold_add_preserved_filters({"preserved_filters": preserved_filters, "opts": opts}, url)


def _get_changelist(original):
    def get_changelist(self, request, **kwargs):
        changelist = original(self, request, **kwargs)
        return ChangeList if changelist is unfold_views.ChangeList else changelist

    get_changelist._tiepdan_list = True
    return get_changelist


# --- filters ------------------------------------------------------------------------------------------

PLAIN_FILTER = "admin/filter.html"  # a title and a list of links: everything it shows is in the key
django_admin_list_filter = admin_list.admin_list_filter
django_admin_list_filter_tag = admin_list.register.tags["admin_list_filter"]


@lru_cache(maxsize=512)
def _filter_html(box: _Keyed) -> str:
    title, choices, spec = box.taken()  # the key is what the template reads; not kept: this request's filter
    return get_template(PLAIN_FILTER).render({"title": title, "choices": choices, "spec": spec})


def admin_list_filter(cl, spec):
    """Django's {% admin_list_filter %}: the choices are computed for this request as always; the box is
    rendered once per distinct content (language, title, each link's text, target and selection)."""
    if spec.template != PLAIN_FILTER:
        return django_admin_list_filter(cl, spec)
    choices = list(spec.choices(cl))
    try:
        key = (
            get_language(),
            type(spec).__name__,  # the template asks `spec|class_name`
            bool(getattr(spec, "horizontal", False)),
            _frozen(spec.title),
            _frozen(getattr(spec, "lookup_kwarg", None)),
            _frozen(getattr(spec, "lookup_val", None)),
            tuple(
                (_frozen(c.get("display")), bool(c.get("selected")), _frozen(c.get("query_string")))
                for c in choices
            ),
        )
    except _Unhashable:
        return get_template(PLAIN_FILTER).render({"title": spec.title, "choices": choices, "spec": spec})
    return mark_safe(_filter_html(_Keyed(key, spec.title, choices, spec)))


def install() -> None:
    if admin_list.register.tags["admin_list_filter"] is django_admin_list_filter_tag:
        library = Library()  # the same tag name and arguments, our function
        library.simple_tag(admin_list_filter, name="admin_list_filter")
        admin_list.register.tags["admin_list_filter"] = library.tags["admin_list_filter"]
    if not getattr(ModelAdmin.get_changelist, "_tiepdan_list", False):
        ModelAdmin.get_changelist = _get_changelist(ModelAdmin.get_changelist)
    # The list template asks `cl.model_admin.list_sections` twice per row; Unfold 0.91 does not define it,
    # and every failed template lookup lists the whole admin class (dir()) before giving up.
    if not hasattr(ModelAdmin, "list_sections"):
        ModelAdmin.list_sections = ()
    unfold_list.result_headers = result_headers
    unfold_list.add_preserved_filters = add_preserved_filters
    unfold_list.display_for_label = display_for_label
