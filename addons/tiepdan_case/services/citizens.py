"""Registering citizens: one record per identity paper; the same person again finds the existing record."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import roles as R
from ..choices import IdType
from ..models import AdministrativeUnit, Citizen
from ..roles import user_roles
from ..scoping import is_commune_clerk, user_commune_id
from .audit import record_event
from .errors import Conflict, Invalid, NotAllowed, validate_model

CITIZEN_FIELDS = (
    "full_name", "id_type", "id_number", "id_issued_on", "id_issued_place", "id_issuing_country", "born_abroad",
    "date_of_birth", "gender", "phone", "address", "unit",
)  # fmt: skip


def identity_key(id_type: str, id_number: str, issuing_country: str = "") -> tuple[str, str, str]:
    """What makes an identity paper one person's: the type and number, and for a passport its issuing
    country (two countries may print the same passport number). Vietnamese papers are issued by VN."""
    country = (issuing_country or "").strip().upper()
    if id_type != IdType.HO_CHIEU:
        country = "VN"
    return id_type, (id_number or "").strip().upper(), country


def find_existing(id_type: str, id_number: str, issuing_country: str = "") -> Citizen | None:
    """The citizen holding this paper, deleted or not (a soft-deleted citizen keeps their identity, so a
    restore never collides): the database constraints `citizen_unique_identity` / `…_passport`."""
    id_type, number, country = identity_key(id_type, id_number, issuing_country)
    found = Citizen.objects.filter(id_type=id_type, id_number=number)
    if id_type == IdType.HO_CHIEU:
        found = found.filter(id_issuing_country=country)
    return found.first()


def commune_unit(actor, unit):
    """The unit a citizen registered or moved by `actor` gets. A commune clerk registers only people who
    live in their own commune: no unit means theirs, another unit is refused. Others must name one."""
    if not is_commune_clerk(actor):
        if unit is None:
            raise Invalid(
                _("Choose the commune or ward where the citizen lives."),
                fields={"unit": [_("Choose the commune or ward where the citizen lives.")]},
            )
        return unit
    commune = user_commune_id(actor)
    if not commune:
        raise Invalid(_("Your account is not linked to a commune; ask the administrator."))
    if unit is None:
        return AdministrativeUnit.objects.get(pk=commune)
    if getattr(unit, "pk", unit) != commune:
        message = _("A commune registers only citizens who live in that commune.")
        raise Invalid(message, fields={"unit": [message]})
    return unit


REGISTERING_ROLES = frozenset({R.BAN_TCD, R.UBND_XA})


def can_register(actor) -> bool:
    return bool(user_roles(actor) & REGISTERING_ROLES) or bool(getattr(actor, "is_superuser", False))


def find_registered(actor, id_type: str, id_number: str, issuing_country: str = "") -> Citizen | None:
    """The citizen already registered with this identity paper (a passport: of this issuing country), if
    the actor may see them.

    Someone registered outside the actor's scope (another commune, or known only through a protected
    denunciation) is never handed over: joining them to a new case would show their identity to the
    actor. That is a Conflict the Citizen Reception Board resolves.
    """
    if not can_register(actor):
        # Anyone else would learn from the answer whether a paper belongs to a hidden denouncer.
        raise NotAllowed(_("Only the Citizen Reception Board and the communes register citizens."))
    existing = find_existing(id_type, id_number, issuing_country)
    if existing and existing.is_deleted:
        # The paper stays registered (soft delete, issue 12): the record comes back, no second one.
        raise Conflict(
            _(
                "The record of this identity paper was deleted; ask the Provincial Office or the system "
                "administrators to restore it."
            ),
            code="citizen_deleted",
            fields={"id_number": [_("The record of this identity paper was deleted.")]},
        )
    if existing and not Citizen.objects.visible_to(actor).filter(pk=existing.pk).exists():
        # The same answer for every citizen outside the commune, a denouncer or not (issue 6).
        raise Conflict(
            _(
                "This person is already registered outside your commune; ask the Citizen Reception Board "
                "to add them to the case."
            ),
            code="citizen_exists",
            fields={"id_number": [_("Already registered.")]},
        )
    return existing


def register_citizen(actor, data: dict) -> tuple[Citizen, bool]:
    """Create a citizen, or return the one already registered with this identity paper.

    Returns (citizen, created). Invalid data raises Invalid with Vietnamese messages per field.
    """
    existing = find_registered(
        actor, data.get("id_type", "can_cuoc"), data.get("id_number", ""), data.get("id_issuing_country", "")
    )
    if existing:
        return existing, False
    citizen = Citizen(**{k: v for k, v in data.items() if k in CITIZEN_FIELDS})
    citizen.unit = commune_unit(actor, data.get("unit"))
    citizen.created_by = actor if getattr(actor, "is_authenticated", False) else None
    validate_model(citizen)
    try:
        with transaction.atomic():
            citizen.save()
            record_event(citizen, actor, "created")
    except IntegrityError:
        # Registered by someone else a moment ago: that is the same person.
        existing = find_registered(actor, citizen.id_type, citizen.id_number, citizen.id_issuing_country)
        if existing:
            return existing, False
        raise
    return citizen, True


def update_citizen(actor, citizen: Citizen, data: dict) -> Citizen:
    """Change a citizen's fields under a row lock, recording exactly what changed."""
    from .audit import diff, snapshot

    with transaction.atomic():
        locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
        before = snapshot(locked, CITIZEN_FIELDS)
        if "unit" in data:
            data = {**data, "unit": commune_unit(actor, data["unit"])}
        for key, value in data.items():
            if key in CITIZEN_FIELDS:
                setattr(locked, key, value)
        validate_model(locked)
        changes = diff(before, snapshot(locked, CITIZEN_FIELDS))
        if changes:
            locked.save()
            record_event(locked, actor, "changed", changes=changes)
        return locked
