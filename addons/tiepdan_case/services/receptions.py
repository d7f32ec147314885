"""Recording a reception (lượt tiếp): one row of the sổ tiếp công dân, with its history entry."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import roles as R
from ..models import Case, Reception
from ..roles import user_roles
from ..scoping import user_commune_id
from .audit import diff, record_event, snapshot
from .errors import NotAllowed, validate_model
from .identity import must_mask

RECEPTION_FIELDS = (
    "received_at", "place", "kind", "by_head", "receiving_agency", "received_by", "people_count", "direction",
    "guided_to", "document_number", "refusal_ground", "note", "redacted_note",
)  # fmt: skip


def can_record(user, case: Case) -> bool:
    """The office and the case's commune; on a denunciation only its handlers (a reception's place and
    note are free text about the denouncer)."""
    if must_mask(user, case):
        return False
    roles = user_roles(user)
    if roles & R.CASE_OFFICE:
        return True
    return R.UBND_XA in roles and case.unit_id == user_commune_id(user)


def record_reception(actor, case: Case, data: dict) -> Reception:
    """Add a reception to a case the actor may see and record in."""
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists() or not can_record(actor, case):
        raise NotAllowed(_("You may not record receptions for this case."))
    reception = Reception(case=case, **{k: v for k, v in data.items() if k in RECEPTION_FIELDS})
    reception.recorded_by = actor
    if not reception.receiving_agency_id and getattr(getattr(actor, "profile", None), "agency_id", None):
        reception.receiving_agency_id = actor.profile.agency_id
    validate_model(reception, exclude=["case"])
    with transaction.atomic():
        reception.save()
        record_event(
            case, actor, "note", action="reception",
            note=f"{reception.received_at:%d/%m/%Y %H:%M} — {reception.get_direction_display()}",
        )  # fmt: skip
    return reception


def update_reception(actor, reception: Reception, data: dict) -> Reception:
    """Correct a reception row under a row lock; the case's history keeps what changed and who changed it."""
    with transaction.atomic():
        locked = Reception.objects.select_for_update().select_related("case").get(pk=reception.pk)
        case = locked.case
        if not Case.objects.visible_to(actor).filter(pk=case.pk).exists() or not can_record(actor, case):
            raise NotAllowed(_("You may not record receptions for this case."))
        if must_mask(actor, case):
            # Its place and note may name the denouncer and are shown redacted: only handlers correct them.
            raise NotAllowed(_("Only a handler of this denunciation may record or correct its receptions."))
        before = snapshot(locked, RECEPTION_FIELDS)
        for key, value in data.items():
            if key in RECEPTION_FIELDS:
                setattr(locked, key, value)
        validate_model(locked, exclude=["case"])
        changes = diff(before, snapshot(locked, RECEPTION_FIELDS))
        if changes:
            locked.save()
            # On the case, so the history is read with the case's own redaction and visibility rules.
            record_event(
                case,
                actor,
                "changed",
                action="reception",
                changes={"reception_changed": [locked.pk, changes]},
            )
        return locked
