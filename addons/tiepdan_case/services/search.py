"""Accent-insensitive search, shared by the admin and the API ("nguyen thi anh" finds "Nguyễn Thị Ánh")."""

from ..models import Case, CaseParticipant
from ..scoping import shielded_case_q
from ..text import search_key


def search_cases(user, queryset, text: str):
    """Code, title and citizens' names. A case whose denouncer is shielded from this user is found only by
    its exact code: neither its title (which may name the denouncer) nor its people's names lead to it.

    One UNION of three id sets, each on its own index (the trigram index of a search column on
    PostgreSQL, the unique code), instead of ORs that scan the whole table (issue 13)."""
    key = search_key(text)
    if not key:
        return queryset
    shielded = shielded_case_q(user)
    by_text = Case.objects.filter(search_text__contains=key).exclude(shielded).order_by().values("pk")
    by_people = (
        CaseParticipant.objects.filter(citizen__search_text__contains=key)
        .exclude(shielded_case_q(user, "case__"))
        .order_by()
        .values("case_id")
    )
    # Codes are written in capitals (VV-2026-00001): the unique index finds the exact code.
    by_code = Case.objects.filter(shielded, code=text.strip().upper()).order_by().values("pk")
    return queryset.filter(pk__in=by_text.union(by_people, by_code))


def search_citizens(queryset, text: str):
    """Name or identity number; the queryset is already limited to citizens the user may reach."""
    key = search_key(text)
    return queryset.filter(search_text__contains=key) if key else queryset


def search_receptions(user, queryset, text: str):
    """Rows of the reception register whose case `search_cases` finds for this user (same shielding)."""
    if not search_key(text):
        return queryset
    return queryset.filter(case__in=search_cases(user, Case.objects.all(), text).values("pk"))


def search_by_name(queryset, text: str, *fields: str):
    """Of a small table without a search column (units, agencies, bridge sites), the rows whose `fields`
    contain `text`, accents optional; compared in Python, one query for the values."""
    key = search_key(text)
    if not key:
        return queryset
    ids = [pk for pk, *values in queryset.values_list("pk", *fields) if key in search_key(*map(str, values))]
    return queryset.filter(pk__in=ids)
