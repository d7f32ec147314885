"""Identity custody (issue 12): who may see a denouncer's identity beyond the case's handlers.

- `request_access(actor, case, reason)`: a user who sees the case but not the denouncer (a verifier of
  the inspectorate, a department) asks, with a reason.
- `decide(actor, request, granted, reason, days)`: a custodian (`chu_tich`, or a user whose profile says
  `identity_custodian`) grants it for that case until a date, or denies it; never their own request.

While a grant runs, `scoping.identity_open_q` includes the case for the requester, so every screen, the
API, exports and documents show the identity through the usual path (and each view is logged in the
access log). Each step writes a history row on the case; for anyone but a handler the case's history
says that access was granted, not to whom (admin/case.py `_history_row`).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles as R
from ..models import Case, IdentityAccessDecision, IdentityAccessRequest
from ..roles import user_roles
from .audit import record_event
from .errors import Conflict, Invalid, NotAllowed

REQUESTED = "identity_access_requested"
GRANTED = "identity_access_granted"
DENIED = "identity_access_denied"
CUSTODY_ACTIONS = (REQUESTED, GRANTED, DENIED)
MIN_REASON = 10


def is_custodian(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if R.CHU_TICH in user_roles(user):
        return True
    profile = getattr(user, "profile", None)
    return bool(profile and profile.identity_custodian)


def active_grants(user):
    """The user's grants that have not ended."""
    return IdentityAccessDecision.objects.filter(
        request__requester_id=user.pk, granted=True, expires_at__gt=timezone.now()
    )


def pending(case, user=None):
    qs = IdentityAccessRequest.objects.filter(case=case, decision__isnull=True)
    return qs.filter(requester=user) if user is not None else qs


def _reason(text: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_REASON:
        message = _("Write the reason (at least %(count)d characters).") % {"count": MIN_REASON}
        raise Invalid(message, fields={"reason": [message]})
    return text


def _visible_case(actor, case) -> Case:
    locked = Case.objects.visible_to(actor).select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise NotAllowed(_("You cannot see this case."))
    return locked


def request_access(actor, case: Case, reason: str) -> IdentityAccessRequest:
    from .identity import is_handler, sees_identity

    reason = _reason(reason)
    with transaction.atomic():
        locked = _visible_case(actor, case)
        if not locked.is_protected:
            raise Conflict(_("Only a denunciation keeps its denouncer's identity secret."))
        if is_handler(actor, locked) or sees_identity(actor, locked):
            raise Conflict(_("You already see this denouncer's identity."))
        if pending(locked, actor).exists():
            raise Conflict(_("Your earlier request for this case is still waiting for a decision."))
        access = IdentityAccessRequest.objects.create(case=locked, requester=actor, reason=reason)
        record_event(locked, actor, "note", action=REQUESTED, changes={"request": access.pk}, note=reason)
    from .notifications import notify_users

    notify_users(
        custodians(),
        subject=_("A request to see a denouncer's identity"),
        body=_("A request to see the denouncer's identity in case %(code)s waits for your decision.")
        % {"code": locked.code},
        key=f"identity-request-{access.pk}",
    )
    return access


def custodians():
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(groups__name=R.CHU_TICH) | Q(profile__identity_custodian=True), is_active=True)
        .distinct()
    )


def decide(actor, access: IdentityAccessRequest, *, granted: bool, reason: str, days: int | None = None):
    reason = _reason(reason)
    if not is_custodian(actor):
        raise NotAllowed(_("Only a custodian of denouncers' identities decides these requests."))
    if access.requester_id == actor.pk:
        raise NotAllowed(_("Nobody decides their own request."))
    expires_at = None
    if granted:
        longest = settings.IDENTITY_GRANT_MAX_DAYS
        if days is None or not 1 <= int(days) <= longest:
            message = _("Choose between 1 and %(days)d days.") % {"days": longest}
            raise Invalid(message, fields={"days": [message]})
        expires_at = timezone.now() + dt.timedelta(days=int(days))
    with transaction.atomic():
        locked = _visible_case(actor, access.case)
        request_row = IdentityAccessRequest.objects.select_for_update().get(pk=access.pk)
        if IdentityAccessDecision.objects.filter(request=request_row).exists():
            raise Conflict(_("This request has already been decided."))
        decision = IdentityAccessDecision.objects.create(
            request=request_row, granted=granted, reason=reason, expires_at=expires_at, decided_by=actor
        )
        record_event(
            locked,
            actor,
            "note",
            action=GRANTED if granted else DENIED,
            changes={
                "request": request_row.pk,
                "requester": request_row.requester_id,
                "until": expires_at.isoformat() if expires_at else None,
            },
            note=reason,
        )
    from .notifications import notify_users

    verdict = (
        _("granted until %(date)s") % {"date": f"{timezone.localtime(expires_at):%d/%m/%Y %H:%M}"}
        if granted
        else _("denied")
    )
    notify_users(
        [request_row.requester],
        subject=_("Identity access request %(verdict)s") % {"verdict": verdict},
        body=_("Your request to see the denouncer's identity in case %(code)s was %(verdict)s.")
        % {"code": locked.code, "verdict": verdict},
        key=f"identity-decision-{decision.pk}",
    )
    return decision
