"""Who sees what (DESIGN.md): the one place that decides which rows a user may reach.

Admin, API, exports, dashboards and PDFs all start from these querysets (also reachable as
`Model.objects.visible_to(user)`). Rows outside a user's scope are simply absent: views answer 404.
Masking of a protected denouncer's identity inside visible rows is `services/identity.py`.
Deleted rows (soft delete, issue 12: `models/deletion.py`) are absent for everyone: every function here
starts from `.alive()` citizens and cases, and rows reached through a case need a live case.
"""

from django.db import connections
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value

from . import roles as R
from .request_memo import per_user_in_safe_request
from .roles import user_roles


def _profile(user):
    return getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None


def user_commune_id(user):
    profile = _profile(user)
    return profile.unit_id if profile else None


def user_agency_id(user):
    profile = _profile(user)
    return profile.agency_id if profile else None


def _sees_everything(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def is_commune_clerk(user) -> bool:
    """A commune (ubnd_xa) user without a provincial office role: works only inside their own commune."""
    roles = user_roles(user)
    return R.UBND_XA in roles and not roles & R.CASE_OFFICE and not _sees_everything(user)


# Modules above this one (the session module's directives) add ways a case becomes visible to an agency.
# Each extender is `f(user, agency_id) -> Q | None` over Case (agency_id may be None: a commune user).
_CASE_SCOPE_EXTENDERS = []


def register_case_scope(extender) -> None:
    if extender not in _CASE_SCOPE_EXTENDERS:
        _CASE_SCOPE_EXTENDERS.append(extender)


def _named_handler_q(user, prefix: str = "") -> Q:
    # A subquery on the link table, not a join: no duplicate rows. PostgreSQL hashes its ids once (a user
    # may be named on thousands of cases), so OR'd with a column test it costs one lookup per row.
    from .models import Case

    ids = Case.handlers.through.objects.filter(user_id=user.pk).values("case_id")
    return Q(**{f"{prefix}pk__in": ids})


def _id_sources(q: Q):
    """The id sets of `Q(pk__in=a) | Q(pk__in=b) | …` (querysets or lists), or None for any other Q."""
    if q.negated or (q.connector != Q.OR and len(q.children) > 1):
        return None
    sources = []
    for child in q.children:
        if isinstance(child, Q):
            inner = _id_sources(child)
            if inner is None:
                return None
            sources += inner
        elif child[0] == "pk__in":
            sources.append(child[1])
        else:
            return None
    return sources


def _union_of_ids(sources):
    """One queryset of case ids: the UNION of the sources' SELECTs (lists become a SELECT on the primary key)."""
    from django.db.models import QuerySet

    from .models import Case

    selects = [s.order_by() for s in sources if isinstance(s, QuerySet)]
    literal = sorted({pk for s in sources if not isinstance(s, QuerySet) for pk in s})
    if literal:
        selects.append(Case.objects.filter(pk__in=literal).order_by().values("pk"))
    if not selects:
        return None
    return selects[0].union(*selects[1:]) if len(selects) > 1 else selects[0]


@per_user_in_safe_request  # once per GET page, not once per queryset it builds (request_memo.py)
def case_scope_q(user) -> Q | None:
    """A filter over Case for what the user may see; None means nothing at all.

    Shaped for a table of a million cases (issue 13). Every way a case becomes visible besides a column
    test (named handler, moved away from the commune, an agency's dossier or directive) is a set of ids:
    - a commune user: `unit_id = X`, with the few live cases of the other sets outside the commune fetched
      first (one query, `_commune_q`) — the commune's indexes serve the ordered page and the count, and
      with no such case the filter is the bare column test;
    - everyone else: one `id IN (a UNION b UNION …)`, a hashed set probed on the primary key, never one
      hashed subplan per row of the whole table (1.7 s for a department's count)."""
    from django.db.models import F

    from .models import Case

    if not getattr(user, "is_authenticated", False):
        return None
    if _sees_everything(user):
        return Q()
    roles = user_roles(user)
    if roles & R.CASE_READ_ALL:
        return Q()
    # Anyone named as a handler sees that case.
    sources = [Case.handlers.through.objects.filter(user_id=user.pk).values("case_id")]
    commune = user_commune_id(user) if R.UBND_XA in roles else None
    if commune:
        # The commune's cases are `unit_id = X OR registered_unit_id = X` (the registering commune stays a
        # handler after a move): the cases moved away from it are a short list (a partial index).
        sources.append(
            Case.objects.filter(registered_unit_id=commune).exclude(registered_unit=F("unit")).values("pk")
        )
    agency = user_agency_id(user)
    if roles & R.CASE_READ_BY_AGENCY and agency:
        sources.append(Case.assigned_agencies.through.objects.filter(agency_id=agency).values("case_id"))
    # Modules above add ways a case becomes visible (a dossier asked of the agency, a directive the agency
    # or the commune leads): each extender answers a Q, or None when it adds nothing for this user.
    columns = []
    for extender in _CASE_SCOPE_EXTENDERS:
        extra = extender(user, agency)
        if extra is None:
            continue
        ids = _id_sources(extra)
        if ids is None:
            columns.append(extra)
        else:
            sources += ids
    union = _union_of_ids(sources)
    q = _commune_q(commune, union) if commune else Q(pk__in=union)
    for column in columns:
        q = column if q is None else column | q
    return q


def _commune_q(commune, union) -> Q:
    """`unit_id = X`, and the commune's few live cases elsewhere (the UNION's ids, fetched first with their
    communes: literals keep the index). With such cases the filter is
    `unit_id IN (X, their communes) AND COALESCE(unit_id = X OR id IN (…), false)`: one condition on
    the columns of the commune indexes (an index-only count, 0.5 s for 55,000 cases), where a bare OR
    is planned as a BitmapOr that reads every one of the commune's rows from the table (3 s)."""
    from django.db.models.functions import Coalesce

    from .models import Case

    outside = sorted(
        _in_union(Case.objects.alive(), union).exclude(unit_id=commune).values_list("pk", "unit_id")
    )
    if not outside:
        return Q(unit_id=commune)
    either = ExpressionWrapper(Q(unit_id=commune) | Q(pk__in=[pk for pk, _unit in outside]), BooleanField())
    units = sorted({commune, *(unit for _pk, unit in outside)})
    return Q(unit_id__in=units) & Q(Coalesce(either, Value(False), output_field=BooleanField()))


def _in_union(cases, union):
    """The cases whose id is in the UNION of id sets, probed on the primary key.

    On PostgreSQL as `id = ANY(ARRAY(<union>))`: the union runs once (an InitPlan, a few index probes) and
    its ids are looked up one by one. As `id IN (<union>)` the planner takes the moved-away branch for the
    52,000 rows its statistics give a commune's `registered_unit_id = X` (the partial index holds none of
    them; the `<>` between two columns has no statistics) and hash-joins the union against every live case:
    0.3–0.7 s on every request of a commune clerk at a million cases (issue 13), against 6 ms."""
    if union is None:
        return cases.none()
    if connections[cases.db].vendor != "postgresql":
        return cases.filter(pk__in=union)
    sql, params = union.query.get_compiler(cases.db).as_sql()
    table = connections[cases.db].ops.quote_name(cases.model._meta.db_table)
    return cases.extra(where=[f"{table}.id = ANY(ARRAY({sql}))"], params=params)


def cases_visible_to(user, queryset=None):
    return _cases_in(case_scope_q(user), queryset)


def _cases_in(q: Q | None, queryset=None):
    """The live cases of a scope `case_scope_q` answered (computed once: for a commune clerk it fetches
    ids first, so a caller that needs the scope twice passes it on instead of asking again)."""
    from .models import Case

    qs = (Case.objects.all() if queryset is None else queryset).alive()
    if q is None:
        return qs.none()
    # Only subqueries, no joins: no duplicate rows, and the result stays lockable (select_for_update).
    return qs.filter(q) if q else qs


def _commune_cases_q(commune_id, prefix: str = "") -> Q:
    # The commune a case is in now, and the one that registered it (it stays a handler after a move).
    return Q(**{f"{prefix}unit_id": commune_id}) | Q(**{f"{prefix}registered_unit_id": commune_id})


def secret_identity_q(prefix: str = "") -> Q:
    """Cases whose denouncer's identity is secret: EVERY denunciation (Luật Tố cáo arts. 8.2, 47.2), not
    only those asking for protection measures. The queryset twin of `Case.is_protected`; the one place
    the shield predicate is written for querysets (`prefix` reaches the case through a relation, e.g.
    "case__" from a reception)."""
    return Q(**{f"{prefix}case_type": "to_cao"})


def shielded_case_q(user, prefix: str = "") -> Q:
    """Denunciations whose denouncer's identity this user may NOT see (the user is not a handler)."""
    protected = secret_identity_q(prefix)
    handled = identity_open_q(user, prefix)
    if handled is None:
        return protected
    if not handled:  # handles every case: nothing is shielded, and the SQL needs no subquery at all
        return Q(**{f"{prefix}pk__in": []})
    return protected & ~handled


_CASE_THROUGH = {"pk": "", "case_id": "case__"}


def shielded_flag(user, case_ref: str = "pk"):
    """An annotation: is the case at `case_ref` shielded from this user? For the row's own case ("pk") or
    its `case_id`, a condition on the columns of the page's rows (through the join the list already has):
    nothing is computed for rows that are not shown, and no subquery over every protected case. Another
    reference falls back to one EXISTS subquery for the whole list."""
    from .models import Case

    if identity_open_q(user) == Q():
        return Value(False, output_field=BooleanField())
    if case_ref in _CASE_THROUGH:
        return ExpressionWrapper(shielded_case_q(user, _CASE_THROUGH[case_ref]), output_field=BooleanField())
    return Exists(Case.objects.filter(shielded_case_q(user), pk=OuterRef(case_ref)))


def handled_cases_q(user, prefix: str = "") -> Q | None:
    """Cases the user handles (DESIGN.md): board and chairman, the registering commune, named handlers."""
    if not getattr(user, "is_authenticated", False):
        return None
    roles = user_roles(user)
    if roles & R.CASE_HANDLER_ROLES:
        return Q()
    q = _named_handler_q(user, prefix)
    commune = user_commune_id(user) if R.UBND_XA in roles else None
    if commune:
        q |= _commune_cases_q(commune, prefix)
    return q


def identity_open_q(user, prefix: str = "") -> Q | None:
    """Cases whose denouncer's identity this user may see: the cases they handle (Q() = every case), and
    those a custodian granted them until a date that has not passed (services/custody.py)."""
    from django.utils import timezone

    from .models import IdentityAccessDecision

    handled = handled_cases_q(user, prefix)
    if handled is None or not handled:
        return handled
    granted = IdentityAccessDecision.objects.filter(
        request__requester_id=user.pk, granted=True, expires_at__gt=timezone.now()
    ).values("request__case_id")
    return handled | Q(**{f"{prefix}pk__in": granted})


def citizens_visible_to(user, queryset=None):
    """Citizens reachable through a case whose identities the user may see, plus (for full readers and
    the citizen's commune) citizens not yet in any case. A citizen known only through protected
    denunciations the user does not handle is not reachable at all, so nothing links them to it.

    Written for a table of 300,000 citizens and 1.6 million participations (issue 13): no filter at all
    for a reader of every case who handles every case; for other full readers only the citizens found
    exclusively in cases shielded from them are left out — through the stored `only_in_secret_cases`
    flag, not two EXISTS per citizen (10 s for a list count); everyone else reaches the people of their
    open cases (and their commune's people in no case). EXISTS on the participant index, never
    `pk IN <every participant>`: one id (a picker's choice) costs a few index probes, a whole list one
    hashed pass."""
    from .models import CaseParticipant, Citizen

    qs = (Citizen.objects.all() if queryset is None else queryset).alive()
    scope = case_scope_q(user)
    if scope is None:
        return qs.none()
    roles = user_roles(user)
    participations = CaseParticipant.objects.filter(citizen_id=OuterRef("pk"))
    if _sees_everything(user) or roles & R.CASE_READ_ALL:  # every case is visible to them
        opened = identity_open_q(user, "case__")
        if opened == Q():
            return qs  # every citizen is in a visible, unshielded case or in none
        # Left out: the citizens found only in shielded cases. Everyone in no case or in some case that is
        # not secret is reached (the stored flag is False); a citizen only in secret cases through one of
        # those this user handles or was granted: a short list of ids fetched first (as a subquery the
        # planner, expecting a million participations, re-reads it for every citizen).
        sources = _id_sources(identity_open_q(user))  # named on, granted: sets of case ids
        in_opened = Q(case_id__in=_union_of_ids(sources)) if sources else opened
        flagged = CaseParticipant.objects.filter(in_opened, citizen__only_in_secret_cases=True)
        known_openly = sorted(set(flagged.values_list("citizen_id", flat=True)))
        if not known_openly:
            return qs.filter(only_in_secret_cases=False)
        return qs.filter(Q(only_in_secret_cases=False) | Q(pk__in=known_openly))
    open_cases = _cases_in(scope).exclude(shielded_case_q(user)).values("pk")
    allowed = Exists(participations.filter(case__in=open_cases))
    commune = user_commune_id(user) if R.UBND_XA in roles else None
    if commune:
        allowed |= Q(unit_id=commune) & ~Exists(participations)
    return qs.filter(allowed)


def rows_of_visible_cases(user, qs):
    """Rows of a table with a `case` whose case the user sees: for a reader of every case only the test
    that the case is not deleted."""
    q = case_scope_q(user)
    if q is None:
        return qs.none()
    if not q:
        return qs.filter(case__deleted_at__isnull=True)
    return qs.filter(case__in=_cases_in(q).values("pk"))


def receptions_visible_to(user, queryset=None):
    from .models import Reception

    qs = Reception.objects.all() if queryset is None else queryset
    return rows_of_visible_cases(user, qs)


def received_papers_visible_to(user, queryset=None):
    """Papers handed over at receptions of visible cases; a protected denouncer's papers only for the
    case's handlers (like documents: their names may identify the denouncer)."""
    from .models import ReceivedPaper

    qs = ReceivedPaper.objects.all() if queryset is None else queryset
    open_cases = cases_visible_to(user).exclude(shielded_case_q(user))
    return qs.filter(reception__case__in=open_cases.values("pk"))


def attachments_visible_to(user, queryset=None):
    """Documents of visible cases; a protected denouncer's documents only for the case's handlers."""
    from .models import CaseAttachment

    qs = CaseAttachment.objects.all() if queryset is None else queryset
    open_cases = cases_visible_to(user).exclude(shielded_case_q(user))
    return qs.filter(case__in=open_cases.values("pk"))


def participants_visible_to(user, queryset=None):
    """Participant rows of visible cases. Rows of shielded cases stay (the case shows how many people),
    but their identity is masked by services.identity."""
    from .models import CaseParticipant

    qs = CaseParticipant.objects.all() if queryset is None else queryset
    return rows_of_visible_cases(user, qs)


def units_visible_to(user, queryset=None):
    from .models import AdministrativeUnit

    qs = AdministrativeUnit.objects.all() if queryset is None else queryset
    return qs if getattr(user, "is_authenticated", False) else qs.none()


def agencies_visible_to(user, queryset=None):
    from .models import Agency

    qs = Agency.objects.all() if queryset is None else queryset
    return qs if getattr(user, "is_authenticated", False) else qs.none()


def notifications_visible_to(user, queryset=None):
    """The outbox: `ban_tcd` sees every message of every channel and its delivery; anyone else only the
    in-app notices addressed to them."""
    from .models import Notification

    qs = Notification.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if _sees_everything(user) or R.BAN_TCD in user_roles(user):
        return qs
    return qs.filter(user=user, channel=Notification.Channel.IN_APP)


def inbox_visible_to(user, queryset=None):
    """A user's own notification list: the in-app notices addressed to them, for every role."""
    from .models import InboxNotification

    qs = InboxNotification.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user=user, channel="in_app")


def role_grants_visible_to(user, queryset=None):
    """Role grant requests (issue 6): the administrators and the Provincial Office, who ask and decide."""
    from .models import RoleGrantRequest

    qs = RoleGrantRequest.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not (user_roles(user) & R.GRANT_APPROVER_ROLES):
        return qs.none()
    return qs


def identity_requests_visible_to(user, queryset=None):
    """Identity access requests (issue 12): a custodian sees the requests about the cases they see;
    anyone else only their own (what they asked and what was decided)."""
    from .models import IdentityAccessRequest
    from .services.custody import is_custodian

    qs = IdentityAccessRequest.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_custodian(user):
        return qs.filter(case__in=cases_visible_to(user).values("pk"))
    return qs.filter(requester=user)
