"""The session module's lines of the home work queue (TEAM.md interface 7; registry in
tiepdan_case/workqueue.py). Each count is a filter of a `visible_to(user)` queryset; the same filter
(`QUEUES`) backs the lists' "Việc cần làm" filter, so a line's number is the number of rows it opens."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.services.checks import items_answered_by
from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_agency_id, user_commune_id
from addons.tiepdan_case.workqueue import QueueLine, provider
from addons.tiepdan_case.workqueue import counts as workqueue_counts

from .choices import SessionState
from .models import DossierRequest, Invitation, ReceptionSession
from .services import readiness_page

S = SessionState
QUEUE_PARAM = "viec_can_lam"
OPEN_FOR_INVITATIONS = (S.APPROVED, S.ANNOUNCED, S.READY)
SESSION_QUEUES = {
    "to_submit": (
        lambda: _("Draft sessions to submit for approval"),
        Q(state=S.DRAFT, submitted_at__isnull=True),
    ),
    "to_approve": (lambda: _("Sessions awaiting approval"), Q(state=S.DRAFT, submitted_at__isnull=False)),
    "to_announce": (lambda: _("Approved sessions to announce"), Q(state=S.APPROVED)),
    "to_ready": (lambda: _("Announced sessions not ready yet"), Q(state=S.ANNOUNCED)),
}
INVITATION_QUEUES = {
    "to_deliver": (
        lambda: _("Invitations to hand out"),
        Q(status="pending", session__state__in=OPEN_FOR_INVITATIONS),
    ),
    "to_confirm": (
        lambda: _("Invitations delivered, answer awaited"),
        Q(status="delivered", session__state__in=OPEN_FOR_INVITATIONS),
    ),
}
DOSSIER_QUEUES = {
    "awaited": (
        lambda: _("Dossier briefings to submit"),
        Q(submitted_at__isnull=True, session__state__in=(S.DRAFT, *OPEN_FOR_INVITATIONS)),
    ),
}
ROLE_SESSION_LINES = {
    R.BAN_TCD: ("to_submit", "to_announce", "to_ready"),
    R.CHU_TICH: ("to_approve",),
    R.VP_UBND: ("to_approve",),
}


def filter_queue(queryset, queues: dict, code: str):
    entry = queues.get(code)
    return queryset.filter(entry[1]) if entry else queryset


def _url(name, code):
    return reverse(name) + "?" + urlencode({QUEUE_PARAM: code})


def _lines(queryset, queues, codes, url_name, tone="warning"):
    if not codes:
        return []
    counts = workqueue_counts(queryset, {code: queues[code][1] for code in codes})
    return [
        QueueLine(str(queues[code][0]()), counts[code], _url(url_name, code), tone=tone)
        for code in codes
        if counts[code]
    ]


@provider(order=40)
def session_lines(request):
    user = request.user
    roles = user_roles(user)
    lines = []
    codes = tuple(dict.fromkeys(c for role in roles for c in ROLE_SESSION_LINES.get(role, ())))
    if user.has_perm("tiepdan_session.view_receptionsession"):
        lines += _lines(
            ReceptionSession.objects.visible_to(user), SESSION_QUEUES, codes,
            "admin:tiepdan_session_receptionsession_changelist",
        )  # fmt: skip
    if R.UBND_XA in roles and user.has_perm("tiepdan_session.change_invitation"):
        lines += _lines(
            Invitation.objects.visible_to(user), INVITATION_QUEUES, ("to_deliver", "to_confirm"),
            "admin:tiepdan_session_invitation_changelist",
        )  # fmt: skip
    if user_agency_id(user) and user.has_perm("tiepdan_session.change_dossierrequest"):
        own = DossierRequest.objects.visible_to(user).filter(agency_id=user_agency_id(user))
        lines += _lines(own, DOSSIER_QUEUES, ("awaited",), "admin:tiepdan_session_dossierrequest_changelist")
    return lines


# --- directives (issue 10) ---------------------------------------------------------------------------
# The lines depend on the user (their agency) and on today (overdue): each code maps to a label, and
# `directive_queue_q(code, user)` builds its filter for both the count and the list.
DIRECTIVE_QUEUES = {
    "to_carry_out": lambda: _("Directives for my agency to carry out"),
    "mine_overdue": lambda: _("My agency's overdue directives"),
    "to_accept": lambda: _("Directive reports to accept or send back"),
    "overdue": lambda: _("Overdue directives"),
}
ROLE_DIRECTIVE_LINES = {
    R.BAN_TCD: ("to_accept", "overdue"),
    R.LANH_DAO: ("overdue",),
    R.CHU_TICH: ("overdue",),
}


def directive_queue_q(code: str, user) -> Q:
    from .models.directive import AGENCY_TURN
    from .services.directives import mine_q, overdue_q

    if code == "to_carry_out":
        return mine_q(user) & Q(state__in=AGENCY_TURN)
    if code == "mine_overdue":
        return mine_q(user) & overdue_q()
    if code == "to_accept":
        return Q(issued_at__isnull=False, state="reported")
    if code == "overdue":
        return overdue_q()
    return Q()


@provider(order=45)
def directive_lines(request):
    from .models import Directive

    user = request.user
    if not user.has_perm("tiepdan_session.view_directive"):
        return []
    roles = user_roles(user)
    codes = list(dict.fromkeys(c for role in roles for c in ROLE_DIRECTIVE_LINES.get(role, ())))
    acts_for_lead = user_agency_id(user) or (R.UBND_XA in roles and user_commune_id(user))
    if acts_for_lead and not roles & set(ROLE_DIRECTIVE_LINES):
        codes = ["to_carry_out", "mine_overdue", *codes]
    if not codes:
        return []
    counts = workqueue_counts(
        Directive.objects.visible_to(user), {code: directive_queue_q(code, user) for code in codes}
    )
    url = reverse("admin:tiepdan_session_directive_changelist")
    tones = {"mine_overdue": "danger", "overdue": "danger"}
    return [
        QueueLine(
            str(DIRECTIVE_QUEUES[code]()),
            counts[code],
            url + "?" + urlencode({QUEUE_PARAM: code}),
            tone=tones.get(code, "warning"),
        )
        for code in codes
        if counts[code]
    ]


CHECKED_SESSIONS = 3  # the next sessions whose sites are listed: a bounded number of queries


@provider(order=45)
def site_check_lines(request):
    """For those who answer check items (so_khcn, dien_luc, cong_an, a commune for its own site): per coming
    session, the sites where one of their items is not ready yet; the link opens those sites only."""
    user = request.user
    if not items_answered_by(user) or not user.has_perm("tiepdan_session.view_receptionsession"):
        return []
    sessions = (
        ReceptionSession.objects.visible_to(user)
        .filter(state__in=OPEN_FOR_INVITATIONS, start__gt=timezone.now())
        .select_related("host_site")
        .order_by("start")[:CHECKED_SESSIONS]
    )
    lines = []
    for session in sessions:
        pending = readiness_page.pending_rows(user, readiness_page.session_page(user, session)["rows"])
        if pending:
            title = _("Sites waiting for your check — session %(code)s, %(start)s") % {
                "code": session.code,
                "start": timezone.localtime(session.start).strftime("%H:%M %d/%m/%Y"),
            }
            url = (
                reverse("tiepdan_session:readiness", args=[session.pk])
                + "?"
                + urlencode({readiness_page.PENDING_PARAM: readiness_page.PENDING})
            )
            lines.append(QueueLine(title, len(pending), url, tone="warning"))
    return lines
