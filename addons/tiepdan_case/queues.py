"""The case module's lines of the home work queue (registry: workqueue.py).

Each count is a filter of `Case.objects.visible_to(user)`; the same filter (`QUEUE_FILTERS`) backs the
case list's "Việc cần làm" filter, so a line's number is the number of rows its link opens.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles as R
from .choices import CalendarDayKind, CaseState
from .models import AuditEvent, CalendarDay, Case, Reception
from .roles import user_roles
from .scoping import is_commune_clerk
from .services import deadlines, lockouts
from .services.calendar import add_working_days
from .services.submission import submit_problems
from .workqueue import QueueButton, QueueItem, QueueLine, counts, provider

DUE_SOON_WORKING_DAYS = 3
SHOWN_ITEMS = 5
TERMINAL = [CaseState.CLOSED, CaseState.REJECTED, CaseState.WITHDRAWN]


def _returned_before():
    return Exists(
        AuditEvent.objects.filter(
            content_type__app_label="tiepdan_case",
            content_type__model="case",
            object_id=OuterRef("pk"),
            action="return",
        )
    )


def due_soon_q(today: dt.date | None = None) -> Q:
    """The answer to the citizen (Luật TCD art. 28.1) falls due within the next 3 working days."""
    today = today or timezone.localdate()
    return deadlines.step_open_q("outcome") & Q(
        outcome_due__gte=today, outcome_due__lte=add_working_days(today, DUE_SOON_WORKING_DAYS)
    )


def overdue_q(today: dt.date | None = None) -> Q:
    return deadlines.overdue_q("outcome", today)


def processing_due_soon_q(today: dt.date | None = None) -> Q:
    """A denunciation's initial processing (Luật Tố cáo art. 24) falls due within 3 working days."""
    today = today or timezone.localdate()
    return deadlines.step_open_q("processing") & Q(
        processing_due__gte=today, processing_due__lte=add_working_days(today, DUE_SOON_WORKING_DAYS)
    )


def processing_overdue_q(today: dt.date | None = None) -> Q:
    """Initial processing not done within 7 working days of receipt (10 with verification)."""
    return deadlines.overdue_q("processing", today)


def forwarding_overdue_q(today: dt.date | None = None) -> Q:
    """A denunciation outside competence not forwarded within 5 working days of receipt."""
    return deadlines.overdue_q("forwarding", today)


def resubmitted_q() -> Q:
    """Sent again by the commune after the province returned it (the history lookup only for the cases
    waiting for acceptance: the state test comes first)."""
    return Q(state=CaseState.SUBMITTED) & Q(_returned_before())


def open_assigned_q() -> Q:
    return ~Q(state__in=TERMINAL)


# code → (label, Q factory); the case list's filter and the counts share them.
QUEUE_FILTERS = {
    "resubmitted": (lambda: _("Sent again after being returned"), resubmitted_q),
    "due_soon": (lambda: _("Answer due within 3 working days"), due_soon_q),
    "overdue": (lambda: _("Answer overdue"), overdue_q),
    "open": (lambda: _("Not yet finished"), open_assigned_q),
    "processing_due_soon": (
        lambda: _("Denunciations: initial processing due within 3 working days"),
        processing_due_soon_q,
    ),
    "processing_overdue": (lambda: _("Denunciations: initial processing overdue"), processing_overdue_q),
    "forwarding_overdue": (lambda: _("Denunciations: forwarding overdue"), forwarding_overdue_q),
}
QUEUE_PARAM = "viec_can_lam"


def filter_queue(queryset, code: str):
    label_and_q = QUEUE_FILTERS.get(code)
    if label_and_q is None:
        return queryset
    return queryset.filter(label_and_q[1]())


def _case_list(**params) -> str:
    url = reverse("admin:tiepdan_case_case_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _case_url(case) -> str:
    return reverse("admin:tiepdan_case_case_change", args=[case.pk])


# count → its filter (today given); the lines a role sees ask only for their counts.
COUNTS = {
    "drafts": lambda today: Q(state=CaseState.DRAFT),
    "returned": lambda today: Q(state=CaseState.RETURNED),
    "submitted": lambda today: Q(state=CaseState.SUBMITTED),
    "resubmitted": lambda today: resubmitted_q(),
    "due_soon": due_soon_q,
    "overdue": overdue_q,
    "open": lambda today: open_assigned_q(),
    "processing_due_soon": processing_due_soon_q,
    "processing_overdue": processing_overdue_q,
    "forwarding_overdue": forwarding_overdue_q,
}


def _counts(user, codes) -> dict:
    """The counts `codes` of the user's cases, in one query (workqueue.counts)."""
    today = timezone.localdate()
    return counts(Case.objects.visible_to(user), {code: COUNTS[code](today) for code in codes})


def _draft_items(user) -> tuple:
    drafts = (
        Case.objects.visible_to(user)
        .filter(state=CaseState.DRAFT)
        .annotate(has_reception=Exists(Reception.objects.filter(case=OuterRef("pk"))))  # no query per row
        .prefetch_related("participants")
        .order_by("-updated_at")[:SHOWN_ITEMS]
    )
    return tuple(
        QueueItem(f"{c.code} — {c.title}", _case_url(c), tuple(submit_problems(c)) or (_("Ready to send"),))
        for c in drafts
    )


def _returned_items(user) -> tuple:
    cases = list(
        Case.objects.visible_to(user).filter(state=CaseState.RETURNED).order_by("-updated_at")[:SHOWN_ITEMS]
    )
    notes = {}
    events = AuditEvent.objects.filter(
        content_type__app_label="tiepdan_case",
        content_type__model="case",
        object_id__in=[c.pk for c in cases],
        action="return",
    ).order_by("at")
    for event in events:
        notes[event.object_id] = event.note  # the latest return wins
    return tuple(QueueItem(f"{c.code} — {c.title}", _case_url(c), (notes.get(c.pk, ""),)) for c in cases)


@provider(order=10)
def case_lines(request) -> list:
    user = request.user
    roles = user_roles(user)
    if not user.has_perm("tiepdan_case.view_case"):
        return []
    entries = []
    commune = is_commune_clerk(user)
    office = bool(roles & R.CASE_OFFICE) or user.is_superuser
    by_agency = bool(roles & R.CASE_READ_BY_AGENCY) and not office
    # The inspectorate verifies denunciations: it follows their statutory steps too.
    inspects = R.THANH_TRA in roles
    if not (commune or office or by_agency or inspects):
        return []
    codes = []
    if commune:
        codes += ["drafts", "returned"]
    if office:
        codes += ["submitted", "resubmitted"]
    if by_agency:
        codes.append("open")
    if office or by_agency:
        codes += ["due_soon", "overdue"]
    if office or by_agency or inspects:
        codes += ["processing_due_soon", "processing_overdue", "forwarding_overdue"]
    counts = _counts(user, codes)
    if commune and user.has_perm("tiepdan_case.add_case") and user.has_perm("tiepdan_case.add_reception"):
        entries.append(
            QueueButton(
                _("New citizen reception"), reverse("admin:tiepdan_case_case_reception"), "person_add"
            )
        )
    if commune:
        entries.append(
            QueueLine(
                _("Drafts not yet sent to the province"),
                counts["drafts"],
                _case_list(state__exact=CaseState.DRAFT),
                "warning" if counts["drafts"] else "info",
                _draft_items(user) if counts["drafts"] else (),
            )
        )
        entries.append(
            QueueLine(
                _("Cases returned by the province"),
                counts["returned"],
                _case_list(state__exact=CaseState.RETURNED),
                "danger" if counts["returned"] else "info",
                _returned_items(user) if counts["returned"] else (),
            )
        )
    if office:
        entries.append(
            QueueLine(
                _("Cases waiting for acceptance"),
                counts["submitted"],
                _case_list(state__exact=CaseState.SUBMITTED),
            )
        )
        entries.append(
            QueueLine(
                _("Returned cases sent again by communes"),
                counts["resubmitted"],
                _case_list(**{QUEUE_PARAM: "resubmitted"}),
            )
        )
    if by_agency:
        entries.append(
            QueueLine(_("Cases assigned to your agency"), counts["open"], _case_list(**{QUEUE_PARAM: "open"}))
        )
    if office or by_agency:
        entries.append(
            QueueLine(
                _("Answers to citizens due within 3 working days"),
                counts["due_soon"],
                _case_list(**{QUEUE_PARAM: "due_soon"}),
                "warning" if counts["due_soon"] else "info",
            )
        )
        entries.append(
            QueueLine(
                _("Answers to citizens overdue"),
                counts["overdue"],
                _case_list(**{QUEUE_PARAM: "overdue"}),
                "danger" if counts["overdue"] else "info",
            )
        )
    if office or by_agency or inspects:
        # Luật Tố cáo art. 24: a denunciation's own steps, beside the answer to the citizen. Counts only:
        # no line names a denunciation.
        for code, tone in (
            ("processing_due_soon", "warning"),
            ("processing_overdue", "danger"),
            ("forwarding_overdue", "danger"),
        ):
            entries.append(
                QueueLine(
                    QUEUE_FILTERS[code][0](),
                    counts[code],
                    _case_list(**{QUEUE_PARAM: code}),
                    tone if counts[code] else "info",
                )
            )
    return entries


@provider(order=90)
def admin_lines(request) -> list:
    user = request.user
    if R.QUAN_TRI not in user_roles(user):
        return []
    entries = []
    if lockouts.can_unlock(user):
        # django-axes lockouts after failed logins (a disabled account is a decision, not a lock).
        url = reverse("admin:auth_user_lockouts")
        locked = lockouts.locked_account_count()
        entries.append(QueueLine(_("Locked accounts"), locked, url, "warning" if locked else "info"))
        addresses = lockouts.locked_address_count()
        if addresses:
            entries.append(QueueLine(_("Locked addresses"), addresses, url + "#locked-ip_address", "warning"))
    if user.has_perm("tiepdan_case.view_calendarday"):
        year = timezone.localdate().year
        years = (year, year + 1)
        entered = set(
            CalendarDay.objects.filter(kind=CalendarDayKind.HOLIDAY, date__year__in=years)
            .values_list("date__year", flat=True)
            .distinct()
        )
        missing = [y for y in years if y not in entered]
        entries.append(
            QueueLine(
                _("Calendar years without holidays entered"),
                len(missing),
                reverse("admin:tiepdan_case_calendarday_changelist"),
                "danger" if missing else "info",
                tuple(QueueItem(str(y), reverse("admin:tiepdan_case_calendarday_add")) for y in missing),
            )
        )
    return entries


@provider(order=85)
def custodian_lines(request) -> list:
    """A custodian of denouncers' identities: the requests waiting for their decision (issue 12)."""
    from .scoping import identity_requests_visible_to
    from .services.custody import is_custodian

    user = request.user
    if not is_custodian(user):
        return []
    waiting = identity_requests_visible_to(user).filter(decision__isnull=True).exclude(requester=user).count()
    url = reverse("admin:tiepdan_case_identityaccessrequest_changelist") + "?cho_quyet_dinh=1"
    return [
        QueueLine(
            _("Identity access requests waiting for your decision"),
            waiting,
            url,
            "warning" if waiting else "info",
        )
    ]
