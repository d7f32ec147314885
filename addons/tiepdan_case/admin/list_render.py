"""Cheaper list pages (issue 13): what Unfold recomputes for every cell is computed once.

Unfold 0.91 renders a list cell by cell. Two things in it cost most of a list page's Python time and
depend on nothing that changes from one row to the next:

- `items_for_result` rebuilds all the column headers (sort links, query strings) for **every row**, only
  to read each header's text; the headers are now built once per list (kept on the ChangeList);
- a coloured badge (`@display(label=…)`: states, "overdue") renders two templates per cell; the HTML of a
  badge depends only on its text and colour, so it is rendered once per (text, colour) and reused.

The HTML is byte for byte what Unfold writes (tests/test_list_render_same_html.py compares both).
"""

from functools import lru_cache

from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe
from unfold import utils as unfold_utils
from unfold.admin import ModelAdmin
from unfold.templatetags import unfold_list

unfold_display_for_label = unfold_utils.display_for_label
unfold_result_headers = unfold_list.result_headers


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


class _Badge:
    """One badge to render: equal (and hashed) by its key alone, so lru_cache keys on what decides."""

    __slots__ = ("key", "value", "empty", "label")

    def __init__(self, key, value, empty, label):
        self.key, self.value, self.empty, self.label = key, value, empty, label

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, _Badge) and self.key == other.key


@lru_cache(maxsize=4096)
def _rendered(badge: _Badge) -> str:
    return str(unfold_display_for_label(badge.value, badge.empty, badge.label))


def display_for_label(value, empty_value_display, label):
    try:
        key = (_frozen(value), _frozen(empty_value_display), _frozen(label))
    except _Unhashable:  # something else than text, numbers and their tuples: rendered every time
        return unfold_display_for_label(value, empty_value_display, label)
    return mark_safe(_rendered(_Badge(key, value, empty_value_display, label)))


def install() -> None:
    # The list template asks `cl.model_admin.list_sections` twice per row; Unfold 0.91 does not define it,
    # and every failed template lookup lists the whole admin class (dir()) before giving up.
    if not hasattr(ModelAdmin, "list_sections"):
        ModelAdmin.list_sections = ()
    unfold_list.result_headers = result_headers
    unfold_list.display_for_label = display_for_label
