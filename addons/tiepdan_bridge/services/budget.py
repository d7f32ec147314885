"""Budget estimate lines per site; the Department of Finance approves them or returns them with a comment."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services.audit import record_event, snapshot
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed

from ..models import BudgetLine, BudgetStatus
from .history import save_with_history
from .sites import can_maintain_site

FIELDS = ("site", "item", "quantity", "unit_price")


def can_review(user) -> bool:
    return R.SO_TAI_CHINH in user_roles(user)


def can_delete_line(user, line: BudgetLine) -> bool:
    return line.status != BudgetStatus.APPROVED and can_maintain_site(user, line.site)


def save_line(actor, line: BudgetLine, data: dict) -> BudgetLine:
    """Propose a line, or change one not yet approved; a returned line goes back for review."""
    creating = line.pk is None
    site = data.get("site") or (line.site if line.site_id else None)
    if not can_maintain_site(actor, site) or (not creating and not can_maintain_site(actor, line.site)):
        raise NotAllowed(_("You may not propose budget lines for this site."))
    with transaction.atomic():
        if not creating:
            line = BudgetLine.objects.select_for_update().get(pk=line.pk)
            if line.status == BudgetStatus.APPROVED:
                raise Conflict(_("An approved budget line cannot be changed."))
        before = None if creating else snapshot(line, FIELDS + ("status",))
        for key, value in data.items():
            if key in FIELDS:
                setattr(line, key, value)
        if creating:
            line.created_by = actor
        line.status = BudgetStatus.PROPOSED
        return save_with_history(line, actor, FIELDS + ("status",), before)


def review_line(actor, line: BudgetLine, approve: bool, comment: str = "") -> BudgetLine:
    """Approve a proposed line, or return it with a comment (a comment is required to return)."""
    if not can_review(actor):
        raise NotAllowed(_("Only the Department of Finance reviews the budget estimate."))
    comment = (comment or "").strip()
    if not approve and not comment:
        message = _("Say why the line is returned.")
        raise Invalid(message, fields={"review_comment": [str(message)]})
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if line.status != BudgetStatus.PROPOSED:
            raise Conflict(_("Only a line awaiting review can be approved or returned."))
        old = line.status
        line.status = BudgetStatus.APPROVED if approve else BudgetStatus.RETURNED
        line.review_comment = comment
        line.reviewed_by = actor
        line.reviewed_at = timezone.now()
        line.save()
        record_event(
            line,
            actor,
            "transition",
            action="approve" if approve else "return",
            from_state=old,
            to_state=line.status,
            note=comment,
        )
    return line


def delete_line(actor, line: BudgetLine) -> None:
    """Withdraw a line not yet approved; the history keeps what it was."""
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().select_related("site").get(pk=line.pk)
        if not can_maintain_site(actor, line.site):
            raise NotAllowed(_("You may not propose budget lines for this site."))
        if line.status == BudgetStatus.APPROVED:
            raise Conflict(_("An approved budget line cannot be changed."))
        record_event(line, actor, "changed", action="delete", changes=snapshot(line, FIELDS + ("status",)))
        line.delete()
