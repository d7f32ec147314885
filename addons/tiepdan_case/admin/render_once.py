"""A change page builds each of its form rows once (issue 13: the case page).

Django's and Unfold's form helpers are generators: every time a template walks a fieldset, a line or an
inline form, they build its field objects again, and each read-only field looks its value up again
(display callables, formatting, the link check of links.py). Unfold's templates walk a line twice (its
row classes, then the fields) and read a read-only field's contents three times. Here each helper keeps
what it built on first use and a read-only field computes its contents once. The form does not change
while its page is drawn, so the page is the same, built in less time.
"""

from django.contrib.admin import helpers
from unfold import forms as unfold_forms
from unfold.fields import UnfoldAdminReadonlyField


def _built_once(original):
    def __iter__(self):
        built = self.__dict__.get("_tiepdan_built")
        if built is None:
            built = self.__dict__["_tiepdan_built"] = list(original(self))
        return iter(built)

    __iter__._tiepdan_once = True
    return __iter__


def _computed_once(original):
    def contents(self):
        if "_tiepdan_contents" not in self.__dict__:
            self.__dict__["_tiepdan_contents"] = original(self)
        return self.__dict__["_tiepdan_contents"]

    contents._tiepdan_once = True
    return contents


ITERATED = (
    helpers.AdminForm,
    helpers.Fieldset,
    helpers.Fieldline,
    helpers.InlineAdminFormSet,
    helpers.InlineAdminForm,
    helpers.InlineFieldset,
    unfold_forms.AdminForm,
    unfold_forms.Fieldset,
    unfold_forms.Fieldline,
)


def install() -> None:
    for cls in ITERATED:
        if "__iter__" in cls.__dict__ and not getattr(cls.__iter__, "_tiepdan_once", False):
            cls.__iter__ = _built_once(cls.__dict__["__iter__"])
    for cls in (helpers.AdminReadonlyField, UnfoldAdminReadonlyField):
        if "contents" in cls.__dict__ and not getattr(cls.contents, "_tiepdan_once", False):
            cls.contents = _computed_once(cls.__dict__["contents"])
