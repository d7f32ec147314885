"""Granting a role that reads case content takes two people (issue 6, separation of duties).

A `quan_tri` administrator asks, with a reason, for a content-reading role (roles.CONTENT_READING_ROLES)
for someone else's account; the role is given only when a second, different person — another
administrator or a user of the Provincial Office (`vp_ubnd`) — approves. Neither the requester nor the
account's owner may approve. The request and the decision are history rows on the account; the board
(`ban_tcd`) is told of every role given. Other roles are still given directly in the user form.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import RoleGrantRequest
from ..roles import BAN_TCD, CONTENT_READING_ROLES, GRANT_APPROVER_ROLES, QUAN_TRI, ROLE_NAMES, user_roles
from .audit import record_event
from .case_workflow import NotFound
from .errors import Conflict, Invalid, NotAllowed
from .notifications import notify_users

State = RoleGrantRequest.State


def needs_second_person(role: str) -> bool:
    return role in CONTENT_READING_ROLES


def can_request(user) -> bool:
    return QUAN_TRI in user_roles(user) and user.has_perm("auth.change_user")


def can_decide(user, grant: RoleGrantRequest | None = None) -> bool:
    if not (user_roles(user) & GRANT_APPROVER_ROLES):
        return False
    return grant is None or user.pk not in (grant.requested_by_id, grant.user_id)


def _board_users():
    return get_user_model().objects.filter(groups__name=BAN_TCD, is_active=True)


def _approvers(excluding):
    return (
        get_user_model()
        .objects.filter(groups__name__in=GRANT_APPROVER_ROLES, is_active=True)
        .exclude(pk__in=[u.pk for u in excluding])
        .distinct()
    )


def request_role_grant(actor, user, role: str, *, reason: str) -> RoleGrantRequest:
    """A pending request (the role is not given yet). Raises NotAllowed / Invalid / Conflict."""
    if not can_request(actor):
        raise NotAllowed(_("Only a system administrator may ask for a role to be granted."))
    if role not in ROLE_NAMES:
        raise Invalid(_("Unknown role."), fields={"role": [_("Unknown role.")]})
    if not needs_second_person(role):
        raise Invalid(
            _("This role does not read case content: give it in the user form."), fields={"role": []}
        )
    if user.pk == actor.pk:
        raise NotAllowed(_("Nobody changes their own roles."))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why this role is needed."), fields={"reason": [_("This field is required.")]})
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.groups.filter(name=role).exists():
            raise Conflict(_("The account already has this role."))
        if RoleGrantRequest.objects.filter(user=user, role=role, state=State.PENDING).exists():
            raise Conflict(_("A request for this role is already waiting for approval."))
        grant = RoleGrantRequest.objects.create(user=user, role=role, reason=reason, requested_by=actor)
        record_event(
            user, actor, "changed", action="role_grant_requested", changes={"role": role}, note=reason
        )
        subject = _("Role grant waiting for your approval")
        body = _("%(actor)s asks to give the role “%(role)s” to the account %(user)s. Reason: %(reason)s") % {
            "actor": actor.get_full_name() or actor.username,
            "role": ROLE_NAMES[role],
            "user": user.username,
            "reason": reason,
        }
        recipients = list(_approvers(excluding=[actor, user]))
        transaction.on_commit(
            lambda: notify_users(recipients, subject=subject, body=body, key=f"role-grant-{grant.pk}-asked")
        )
    return grant


def _decide(actor, grant_id, state, note: str) -> RoleGrantRequest:
    with transaction.atomic():
        grant_id = getattr(grant_id, "pk", grant_id)
        grant = RoleGrantRequest.objects.visible_to(actor).select_for_update().filter(pk=grant_id).first()
        if grant is None:
            raise NotFound(_("Not found, or not visible to you."))
        if not (user_roles(actor) & GRANT_APPROVER_ROLES):
            raise NotAllowed(
                _("Only another administrator or the Provincial Office may decide on a role grant.")
            )
        if actor.pk == grant.requested_by_id:
            raise NotAllowed(_("A second person must decide: you asked for this role grant yourself."))
        if actor.pk == grant.user_id:
            raise NotAllowed(_("Nobody changes their own roles."))
        if grant.state != State.PENDING:
            raise Conflict(_("This request has already been decided."))
        grant.state = state
        grant.decided_by = actor
        grant.decided_at = timezone.now()
        grant.decision_note = note
        grant.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        user = grant.user
        action = "role_grant_approved" if state == State.APPROVED else "role_grant_refused"
        if state == State.APPROVED:
            user.groups.add(Group.objects.get(name=grant.role))
        record_event(
            user, actor, "changed", action=action,
            changes={"role": grant.role, "requested_by": grant.requested_by_id}, note=note,
        )  # fmt: skip
        role_name = ROLE_NAMES[grant.role]
        if state == State.APPROVED:
            subject = _("A role that reads case content was granted")
            body = _(
                "The account %(user)s now has the role “%(role)s”: asked by %(asker)s, approved by %(approver)s."
            ) % {
                "user": user.username,
                "role": role_name,
                "asker": grant.requested_by.username,
                "approver": actor.username,
            }
            recipients = [*_board_users(), grant.requested_by]
        else:
            subject = _("Role grant refused")
            body = _("The role “%(role)s” for the account %(user)s was refused by %(approver)s: %(note)s") % {
                "role": role_name,
                "user": user.username,
                "approver": actor.username,
                "note": note,
            }
            recipients = [grant.requested_by]
        key = f"role-grant-{grant.pk}-{state}"
        transaction.on_commit(lambda: notify_users(recipients, subject=subject, body=body, key=key))
    return grant


def approve_role_grant(actor, grant, *, note: str = "") -> RoleGrantRequest:
    return _decide(actor, grant, State.APPROVED, (note or "").strip())


def refuse_role_grant(actor, grant, *, note: str) -> RoleGrantRequest:
    note = (note or "").strip()
    if not note:
        raise Invalid(_("Say why the role is refused."), fields={"note": [_("This field is required.")]})
    return _decide(actor, grant, State.REFUSED, note)
