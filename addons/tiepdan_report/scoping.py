"""Which issued documents a user may open: those about a case they can see, except that a document naming
a denouncer (every `to_cao`: secrecy is the default duty of Luật Tố cáo arts. 8.2 and 47.2, protected or
not) is open only to that case's handlers. Out of scope = absent = 404."""

from django.db.models import Q

from addons.tiepdan_case.scoping import cases_visible_to, handled_cases_q


def denouncer_secret_cases(user):
    """Denunciations whose denouncer this user may not see named in a document."""
    from addons.tiepdan_case.models import Case

    denunciations = Case.objects.filter(case_type="to_cao")
    handled = handled_cases_q(user)
    if handled is None:
        return denunciations
    if not handled:  # handles every case
        return denunciations.none()
    return denunciations.exclude(handled)


def documents_visible_to(user, queryset=None):
    from .models import IssuedDocument

    qs = IssuedDocument.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    qs = qs.filter(case__in=cases_visible_to(user).values("pk"))
    return qs.exclude(Q(names_citizen=True) & Q(case__in=denouncer_secret_cases(user).values("pk")))
