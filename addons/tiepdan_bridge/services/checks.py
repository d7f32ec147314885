"""Site checks: who may schedule one at a site, and who may answer each of its five items.

Each item is answered pass/fail by a user of the agency that answers for it (DESIGN.md "Site check
items"); the site's own commune users may also answer network and audio/video at their site.
The item row keeps who answered last and when; every answer (and every change of an answer) is also
an AuditEvent on the check, so the whole history is kept.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_agency_id, user_commune_id
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.errors import Invalid, NotAllowed

from ..models import CheckItem, CheckKind, SiteCheck, SiteCheckItem
from ..scoping import own_site_q
from .sites import can_maintain_site, is_own_commune_site

ITEMS = tuple(CheckItem.values)
ITEM_AGENCY = {
    CheckItem.NETWORK: "so-khcn",
    CheckItem.AUDIO_VIDEO: "so-khcn",
    CheckItem.RECORDING: "so-khcn",
    CheckItem.POWER: "dien-luc",
    CheckItem.SECURITY: "cong-an-tinh",
}
COMMUNE_ITEMS = frozenset({CheckItem.NETWORK, CheckItem.AUDIO_VIDEO})
# Agencies that answer items answer them at every site.
ANSWERING_AGENCIES = frozenset(ITEM_AGENCY.values())
# A check may be answered a few minutes before its recorded time (clocks differ), not earlier.
CLOCK_SLACK = timezone.timedelta(minutes=5)
# Backdating: a check (or an answer) entered more than this after the time it claims is a late entry. It is
# kept and shown as such everywhere, and counts for readiness only once a vp_ubnd user confirms it.
LATE_ENTRY_AFTER = timezone.timedelta(hours=2)
CONFIRM_ROLES = frozenset({R.VP_UBND})


def _agency_code(user) -> str | None:
    if not user_agency_id(user):
        return None
    cached = getattr(user, "_tiepdan_agency_code", None)
    if cached is None:
        cached = user.profile.agency.code
        user._tiepdan_agency_code = cached
    return cached


def commune_police_unit(user):
    """The commune a `cong_an` user is attached to (Công an xã, plan III.6), or None for the province's."""
    if R.CONG_AN not in user_roles(user):
        return None
    return user_commune_id(user)


def can_answer_item(user, site, item: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if item == CheckItem.SECURITY and (unit := commune_police_unit(user)):
        # Commune police answer the security item at their commune's site, and only there.
        return site.level == "xa" and site.unit_id == unit
    if ITEM_AGENCY.get(item) and _agency_code(user) == ITEM_AGENCY[item]:
        return True
    return item in COMMUNE_ITEMS and is_own_commune_site(user, site)


def answerable_items(user, site) -> list[str]:
    return [item for item in ITEMS if can_answer_item(user, site, item)]


def items_answered_by(user) -> list[str]:
    """The items this user answers for at some site (the board's columns of interest)."""
    code = _agency_code(user)
    items = [item for item in ITEMS if ITEM_AGENCY[item] == code]
    if not items and commune_police_unit(user):
        items = [CheckItem.SECURITY]
    if not items and R.UBND_XA in user_roles(user):
        items = [item for item in ITEMS if item in COMMUNE_ITEMS]
    return items


def can_record_check(user, site) -> bool:
    return can_maintain_site(user, site) or bool(answerable_items(user, site))


def board_sites(user, sites):
    """Of `sites` (already visible to the user), those the board shows: a commune user answers only at
    its own commune site; the answering agencies and every reader see them all."""
    if unit := commune_police_unit(user):
        return sites.filter(level="xa", unit_id=unit)
    if _agency_code(user) in ANSWERING_AGENCIES or not items_answered_by(user):
        return sites
    own = own_site_q(user)
    return sites.filter(own) if own is not None else sites.none()


def _refuse_future(at):
    if at > timezone.now() + CLOCK_SLACK:
        message = _("A check cannot be answered before it takes place.")
        raise Invalid(message, fields={"at": [str(message)]})


def record_check(actor, site, kind: str, at=None, note: str = "", answers: dict | None = None) -> SiteCheck:
    """Create a check at a site; `answers` = {item: (passed, note)} answered at once by the actor."""
    if kind not in CheckKind.values:
        raise Invalid(_("Unknown kind of check."), fields={"kind": [str(_("Unknown kind of check."))]})
    if site is None or not site.is_active:
        raise Invalid(
            _("Choose an active bridge site."), fields={"site": [str(_("Choose an active bridge site."))]}
        )
    if not can_record_check(actor, site):
        raise NotAllowed(_("You may not record a check at this site."))
    at = at or timezone.now()
    if answers:
        _refuse_future(at)
    with transaction.atomic():
        check = SiteCheck.objects.create(site=site, kind=kind, at=at, note=note or "", created_by=actor)
        record_event(check, actor, "created", note=note)
        for item, (passed, item_note) in (answers or {}).items():
            answer_item(actor, check, item, passed, item_note)
    return check


def answer_item(actor, check: SiteCheck, item: str, passed: bool, note: str = "") -> SiteCheckItem:
    """Answer (or change the answer to) one item of a check; only the responsible agency may."""
    if item not in ITEMS:
        raise Invalid(_("Unknown check item."), fields={"item": [str(_("Unknown check item."))]})
    if (
        item == CheckItem.SECURITY
        and commune_police_unit(actor)
        and not can_answer_item(actor, check.site, item)
    ):
        raise NotAllowed(
            _("Commune police answer the security item only at their own commune's bridge site (plan III.6).")
        )
    if not can_answer_item(actor, check.site, item):
        raise NotAllowed(
            _("Your agency does not answer for “%(item)s” at this site.") % {"item": CheckItem(item).label}
        )
    _refuse_future(check.at)
    with transaction.atomic():
        # Two officers answering the same item at once: the second waits here, then sees the first row.
        SiteCheck.objects.select_for_update().get(pk=check.pk)
        row = SiteCheckItem.objects.filter(site_check=check, item=item).first()
        before = None if row is None else {"passed": row.passed, "note": row.note, "by": row.answered_by_id}
        if row is not None and row.passed == bool(passed) and row.note == (note or ""):
            return row
        if row is None:
            row = SiteCheckItem(site_check=check, item=item)
        row.passed = bool(passed)
        row.note = note or ""
        row.answered_by = actor
        row.answered_at = timezone.now()
        row.save()
        record_event(
            check,
            actor,
            "changed" if before else "note",
            action=f"answer_{item}",
            changes={item: [before and before["passed"], row.passed]},
            note=row.note,
        )
    return row


def update_check(actor, check: SiteCheck, note: str | None = None, answers: dict | None = None) -> SiteCheck:
    """Change a check's note and/or answer items (`answers` as in record_check); both are in the history."""
    if not can_record_check(actor, check.site):
        raise NotAllowed(_("You may not record a check at this site."))
    with transaction.atomic():
        locked = SiteCheck.objects.select_for_update().get(pk=check.pk)
        if note is not None and note != locked.note:
            old, locked.note = locked.note, note
            locked.save(update_fields=["note"])
            record_event(locked, actor, "changed", changes={"note": [old, note]})
        for item, (passed, item_note) in (answers or {}).items():
            answer_item(actor, locked, item, passed, item_note)
    return locked


# ------------------------------------------------------------------------------------- late entries
def is_late_answer(row: SiteCheckItem) -> bool:
    """Was this answer entered more than LATE_ENTRY_AFTER after the time its check claims?"""
    return row.answered_at - row.site_check.at > LATE_ENTRY_AFTER


def answer_counts(row: SiteCheckItem) -> bool:
    """Does this answer count for readiness? A timely one does; a late one only when a vp_ubnd user has
    confirmed the check after the answer was entered."""
    if not is_late_answer(row):
        return True
    confirmed = row.site_check.late_confirmed_at
    return confirmed is not None and row.answered_at <= confirmed


def is_late_check(check: SiteCheck, items=None) -> bool:
    """The check itself was entered late, or one of its answers was."""
    if check.created_at and check.created_at - check.at > LATE_ENTRY_AFTER:
        return True
    rows = check.items.all() if items is None else items
    return any(row.answered_at - check.at > LATE_ENTRY_AFTER for row in rows)


def unconfirmed_late_answers(check: SiteCheck, items=None) -> list[SiteCheckItem]:
    rows = check.items.all() if items is None else items
    out = []
    for row in rows:
        row.site_check = check  # no query per row
        if is_late_answer(row) and not answer_counts(row):
            out.append(row)
    return out


def late_status(check: SiteCheck, items=None) -> str:
    """ "" (on time), "late" (late entry, not confirmed: does not count), or "confirmed"."""
    if not is_late_check(check, items):
        return ""
    if check.late_confirmed_at is None or unconfirmed_late_answers(check, items):
        return "late"
    return "confirmed"


def can_confirm_late(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user_roles(user) & CONFIRM_ROLES)


def confirm_late_entry(actor, check: SiteCheck, reason: str) -> SiteCheck:
    """A vp_ubnd user confirms a late-entered check (NĐ 154 art. 23.1): its answers entered up to now count
    for readiness. The reason and the confirmation are in the history."""
    if not can_confirm_late(actor):
        raise NotAllowed(
            _(
                "Only the provincial People's Committee office confirms a late-entered check (NĐ 154 art. 23.1)."
            )
        )
    reason = " ".join(str(reason or "").split())
    if not reason:
        message = _("Give the reason the late-entered check is true (NĐ 154 art. 23.1).")
        raise Invalid(message, fields={"reason": [str(message)]})
    with transaction.atomic():
        locked = SiteCheck.objects.select_for_update().get(pk=check.pk)
        items = list(locked.items.all())
        if not is_late_check(locked, items):
            raise Invalid(_("This check was entered on time: there is nothing to confirm."))
        if locked.late_confirmed_at is not None and not unconfirmed_late_answers(locked, items):
            raise Invalid(_("This late entry is already confirmed."))
        before = locked.late_confirmed_at
        locked.late_confirmed_by, locked.late_confirmed_at, locked.late_confirm_reason = (
            actor,
            timezone.now(),
            reason,
        )
        locked.save(update_fields=["late_confirmed_by", "late_confirmed_at", "late_confirm_reason"])
        record_event(
            locked,
            actor,
            "changed",
            action="confirm_late_entry",
            changes={
                "late_confirmed_at": [before and before.isoformat(), locked.late_confirmed_at.isoformat()]
            },
            note=reason,
        )
    return locked
