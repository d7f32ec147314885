"""Which issued documents a user may open: those about a case they can see, except that a document naming
a denouncer (every `to_cao`: secrecy is the default duty of Luật Tố cáo arts. 8.2 and 47.2, protected or
not) is open only to that case's handlers. Out of scope = absent = 404.

Session documents: the schedule notice to whoever sees the session; a citizen's invitation to whoever
sees that invitation (the session module's `invitations_visible_to`: the office, the case's commune; a
denunciation's only for its handlers) and the case; an agency's invitation to the office and that agency;
a commune's file of invitations (never a denunciation's) to the office and that commune."""

from django.db.models import Q

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import cases_visible_to, identity_open_q, user_agency_id, user_commune_id


def denouncer_secret_cases(user):
    """Denunciations whose denouncer this user may not see named in a document."""
    from addons.tiepdan_case.models import Case

    denunciations = Case.objects.filter(case_type="to_cao")
    handled = identity_open_q(user)  # the handlers, and a custodian's grant while it runs
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
    case_rule = Q(case__in=cases_visible_to(user).values("pk")) & ~(
        Q(names_citizen=True) & Q(case__in=denouncer_secret_cases(user).values("pk"))
    )
    return qs.filter((Q(session__isnull=True) & case_rule) | session_documents_q(user, case_rule))


def session_documents_q(user, case_rule) -> Q:
    from addons.tiepdan_session.models import AgendaItem, Directive
    from addons.tiepdan_session.scoping import INVITATION_READERS, invitations_visible_to, sessions_visible_to

    from .models import DocumentKind as K

    roles = user_roles(user)
    readers = user.is_superuser or bool(roles & INVITATION_READERS)
    in_session = Q(session__in=sessions_visible_to(user).values("pk"))
    q = Q(kind=K.SCHEDULE_NOTICE) & in_session
    q |= Q(kind=K.INVITATION, invitation__in=invitations_visible_to(user).values("pk")) & case_rule
    agency = user_agency_id(user)
    if readers:
        q |= Q(kind=K.AGENCY_INVITATION) & in_session
    elif agency:
        q |= Q(kind=K.AGENCY_INVITATION, session_agency__agency_id=agency) & in_session
    if readers:
        q |= Q(kind=K.COMMUNE_INVITATIONS) & in_session
        # The minutes name everyone present: a session with a denunciation the user does not handle is out.
        secret_sessions = AgendaItem.objects.filter(case__in=denouncer_secret_cases(user).values("pk"))
        q |= Q(kind=K.MINUTES) & in_session & ~Q(session__in=secret_sessions.values("session_id"))
        q |= Q(kind=K.CONCLUSIONS) & in_session
    elif R.UBND_XA in roles and user_commune_id(user):
        q |= Q(kind=K.COMMUNE_INVITATIONS, unit_id=user_commune_id(user)) & in_session
    # The notice of conclusions goes to the bodies concerned: whoever sees the session or one of its issued
    # directives (the lead and supporting agencies, the lead commune). A draft only for the office readers.
    with_directive = Directive.objects.visible_to(user).filter(issued_at__isnull=False).values("session_id")
    q |= Q(kind=K.CONCLUSIONS, draft=False) & (in_session | Q(session__in=with_directive))
    return Q(session__isnull=False) & q
