"""The session module's rules for soft delete (issue 12; the service is tiepdan_case/services/deletion.py).

- A session is deleted only while it is a draft (nothing was approved, announced or sent about it). Its
  agenda is closed with it, so its cases may go on another session; a restore reopens it, unless a case
  is on another open agenda meanwhile.
- A directive is deleted only as a draft of a running session (an issued directive is part of the
  chairman's conclusions); it is restored only while its session is still running.
- A case on an open agenda is not deleted: take it off the agenda first.
Registered from apps.py `ready()`.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services import deletion
from addons.tiepdan_case.services.errors import Conflict

from ..choices import SessionState
from ..models import AgendaItem, Directive, ReceptionSession
from .directives import DRAFT_STATES, DRAFTERS
from .planning import can_plan


def _session_not_draft(actor, session):
    if session.state != SessionState.DRAFT:
        return _(
            "Only a draft session can be deleted; this session is “%(state)s”. Cancel it instead "
            "(the cancellation is recorded and everyone invited is told)."
        ) % {"state": session.get_state_display()}
    return None


def _close_agenda(actor, session):
    AgendaItem.objects.filter(session=session, is_open=True).update(is_open=False)


def _reopen_agenda(actor, session):
    try:
        with transaction.atomic():
            AgendaItem.objects.filter(session=session, is_open=False).update(is_open=True)
    except IntegrityError as exc:
        raise Conflict(
            _("A case of this session's agenda is now on another open agenda: take it off there first."),
            code="rule_violated",
        ) from exc


def _can_delete_directive(actor, directive) -> bool:
    from addons.tiepdan_case.roles import user_roles

    return bool(user_roles(actor) & DRAFTERS)


def _directive_issued(actor, directive):
    if directive.issued_at is not None:
        return _("An issued directive is part of the chairman's conclusions: it cannot be deleted.")
    if directive.session.state not in DRAFT_STATES:
        return _("A drafted directive is removed only while its session is in progress.")
    return None


def _directive_session_over(actor, directive):
    if directive.session.is_deleted or directive.session.state not in DRAFT_STATES:
        return _("A drafted directive is restored only while its session is in progress.")
    return None


def _case_on_open_agenda(actor, case):
    item = (
        AgendaItem.objects.filter(case=case, is_open=True, session__deleted_at__isnull=True)
        .select_related("session")
        .first()
    )
    if item:
        return _("The case is on the agenda of session %(session)s: take it off the agenda first.") % {
            "session": item.session.code
        }
    return None


def register():
    deletion.register_kinds()
    deletion.register_kind(
        ReceptionSession,
        lambda actor, session: can_plan(actor),
        _("Only the Citizen Reception Board deletes a session."),
    )
    deletion.register_delete_guard(ReceptionSession, _session_not_draft)
    deletion.register_hooks(ReceptionSession, after_delete=_close_agenda, after_restore=_reopen_agenda)
    deletion.register_kind(
        Directive,
        _can_delete_directive,
        _("Only the Citizen Reception Board deletes a drafted directive."),
    )
    deletion.register_delete_guard(Directive, _directive_issued)
    deletion.register_restore_guard(Directive, _directive_session_over)
    deletion.register_delete_guard(Case, _case_on_open_agenda)
