"""Who handles a case, and which commune it is in (issue 6; Luật Tố cáo arts. 8.2, 47.2, 56).

Handlers see a denouncer's identity. So naming one is itself a guarded move: on a denunciation only a
handler may change the handlers or move the case, only users whose role may handle can be named, and
every change is a history row with who and why. The registering commune stays a handler after a move
(`Case.registered_unit`, read by `scoping.handled_cases_q`).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from .. import roles as R
from ..models import AdministrativeUnit, Case
from ..roles import user_roles
from .audit import record_event
from .errors import Invalid, NotAllowed
from .identity import is_handler
from .notifications import notify_users


def _commune_of(user):
    profile = getattr(user, "profile", None)
    return profile.unit_id if profile else None


def may_be_named(user, case: Case) -> bool:
    """Whether `user` may be named a handler of `case`: an active back-office user whose role may handle
    (board, chairman, the inspectorate or a department officer tied to an agency), or a user of the
    case's commune (now or registering)."""
    if not (user.is_active and user.is_staff):
        return False
    roles = user_roles(user)
    if R.UBND_XA in roles and _commune_of(user) in {case.unit_id, case.registered_unit_id}:
        return True
    profile = getattr(user, "profile", None)
    return bool(roles & R.NAMEABLE_HANDLER_ROLES) and bool(profile and profile.agency_id)


def nameable_users(case: Case | None = None):
    """The users a handler picker offers (the service still checks each one against the case)."""
    from django.db.models import Q

    q = Q(groups__name__in=R.NAMEABLE_HANDLER_ROLES, profile__agency__isnull=False)
    if case is not None:
        communes = {case.unit_id, case.registered_unit_id} - {None}
        q |= Q(groups__name=R.UBND_XA, profile__unit_id__in=communes)
    else:
        q |= Q(groups__name=R.UBND_XA)
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return users.filter(pk__in=users.filter(q).values("pk"))


def case_handlers(case: Case):
    """Every user who handles the case: the board and the chairman, the users of its communes (now and
    registering), and the users named on it."""
    from django.db.models import Q

    communes = {case.unit_id, case.registered_unit_id} - {None}
    q = (
        Q(groups__name__in=R.CASE_HANDLER_ROLES)
        | Q(groups__name=R.UBND_XA, profile__unit_id__in=communes)
        | Q(pk__in=Case.handlers.through.objects.filter(case_id=case.pk).values("user_id"))
    )
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(pk__in=users.filter(q).values("pk"))


def case_link(case: Case) -> str:
    from django.urls import reverse

    return reverse("admin:tiepdan_case_case_change", args=[case.pk])


def _names(users) -> str:
    return ", ".join(u.get_full_name() or u.username for u in users)


def can_manage_handlers(actor, case: Case) -> bool:
    """Whoever may edit the case; on a denunciation only one of its handlers."""
    from .cases import can_edit

    if not can_edit(actor, case):
        return False
    return is_handler(actor, case) if case.is_protected else True


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = _("Write the reason.")
        raise Invalid(message, fields={"reason": [message]})
    return reason


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)  # no outer join: PostgreSQL locks one row


def change_handlers(actor, case: Case, *, add=(), remove=(), reason: str = "") -> Case:
    """Name and remove handlers of a case. One history row (who, whom, why)."""
    with transaction.atomic():
        locked = _lock(case)
        if not can_manage_handlers(actor, locked):
            raise NotAllowed(_("Only a handler of this denunciation may change who handles it."))
        before = set(locked.handlers.values_list("pk", flat=True))
        add = [u for u in add if u.pk not in before]
        remove = [u for u in remove if u.pk in before]
        if not add and not remove:
            return locked
        reason = _reason(reason)
        refused = [u for u in add if not may_be_named(u, locked)]
        if refused:
            message = _(
                "%(names)s may not be named handler: only the Citizen Reception Board, the chairman, an "
                "officer of the inspectorate or a department, or a user of the case's commune."
            ) % {"names": ", ".join(u.get_full_name() or u.username for u in refused)}
            raise Invalid(message, fields={"handlers": [message]})
        locked.handlers.add(*add)
        locked.handlers.remove(*remove)
        after = sorted(set(locked.handlers.values_list("pk", flat=True)))
        event = record_event(
            locked, actor, "changed", action="handlers", note=reason,
            changes={"handlers": [sorted(before), after]},
        )  # fmt: skip
        # Only the code: the title of a denunciation may name the denouncer.
        lines = []
        if add:
            lines.append(_("Named: %(names)s.") % {"names": _names(add)})
        if remove:
            lines.append(_("Removed: %(names)s.") % {"names": _names(remove)})
        lines.append(_("Reason: %(reason)s") % {"reason": reason})
        notify_users(
            case_handlers(locked).exclude(pk=actor.pk),
            subject=_("Handlers of case %(code)s changed") % {"code": locked.code},
            body=_("%(actor)s changed who handles case %(code)s.") % {"actor": _names([actor]), "code": locked.code}
            + "\n" + "\n".join(lines),
            link=case_link(locked), key=f"case:{locked.pk}:handlers:{event.pk}",
        )  # fmt: skip
        return locked


def can_move(actor, case: Case) -> bool:
    """Only a handler from the Citizen Reception Board moves a case to another commune."""
    from .cases import can_edit

    return R.BAN_TCD in user_roles(actor) and can_edit(actor, case) and is_handler(actor, case)


def move_case(actor, case: Case, unit: AdministrativeUnit, reason: str = "") -> Case:
    """Hand the case to another commune; the registering commune stays a handler."""
    with transaction.atomic():
        locked = _lock(case)
        if not can_move(actor, locked):
            raise NotAllowed(
                _("Only a handler from the Citizen Reception Board may move a case to another commune.")
            )
        if unit.pk == locked.unit_id:
            return locked
        reason = _reason(reason)
        if unit.kind not in ("xa", "phuong"):
            message = _("Choose a commune or ward.")
            raise Invalid(message, fields={"unit": [message]})
        old = locked.unit_id
        if locked.registered_unit_id is None:
            locked.registered_unit_id = old
        locked.unit = unit
        locked.save(update_fields=["unit", "registered_unit", "updated_at"])
        record_event(locked, actor, "changed", action="move", note=reason, changes={"unit": [old, unit.pk]})
        return locked
