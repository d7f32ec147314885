"""Recording a reception (lượt tiếp): one row of the sổ tiếp công dân, with its history entry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles as R
from ..choices import HandlingDirection, ReceptionKind
from ..models import Case, Reception
from ..roles import user_roles
from ..scoping import user_commune_id
from .audit import diff, record_event, snapshot
from .errors import Invalid, NotAllowed, validate_model
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


def reception_problems(case: Case) -> list[str]:
    """NĐ 154 art. 27.1: every reception is entered in the register; a case the commune has not entered
    there cannot be sent to the province."""
    has_row = getattr(case, "has_reception", None)  # a list annotates it: no query per row
    if has_row is None:
        has_row = bool(case.pk) and case.receptions.exists()
    if has_row:
        return []
    return [
        _(
            "Record the reception of the citizen in the reception register before sending the case "
            "(Decree 154 art. 27.1)."
        )
    ]


def _register_row(actor, case: Case, *, place, kind: str, direction: str, refusal_ground="", note=""):
    """The register row a move writes (a refusal, a reception at a session), inside the move's transaction.
    `place` None: the actor's agency."""
    profile = getattr(actor, "profile", None)
    if not getattr(profile, "agency_id", None):
        raise Invalid(_("Your account is not linked to an agency; ask the administrator."))
    reception = Reception(
        case=case,
        received_at=timezone.now(),
        place=(place or profile.agency.name)[:255],
        kind=kind,
        receiving_agency_id=profile.agency_id,
        received_by=(actor.get_full_name() or actor.get_username())[:120],
        people_count=case.group_size,
        direction=direction,
        refusal_ground=refusal_ground,
        note=note,
        recorded_by=actor,
    )
    validate_model(reception, exclude=["case"])
    reception.save()
    return reception


def register_refusal(actor, case: Case, note: str) -> Reception:
    """Luật TCD art. 9, NĐ 154 art. 27.1: a refusal is a row of the register, with its legal ground."""
    return _register_row(
        actor,
        case,
        place=None,
        kind=ReceptionKind.THUONG_XUYEN,
        direction=HandlingDirection.TU_CHOI,
        refusal_ground=case.refusal_ground,
        note=note,
    )


def register_session_reception(actor, case: Case, note: str) -> Reception:
    """The case was heard at an online session (`receive`): its row of the register."""
    return _register_row(
        actor,
        case,
        place=_("Online citizen reception"),
        kind=ReceptionKind.DINH_KY,
        direction=HandlingDirection.THU_LY,
        note=note,
    )
