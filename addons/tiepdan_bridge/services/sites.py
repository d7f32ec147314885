"""Maintaining sites and their equipment: who may, and the history row for every change."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_commune_id
from addons.tiepdan_case.services.audit import record_event, snapshot
from addons.tiepdan_case.services.errors import NotAllowed
from addons.tiepdan_case.services.search import search_by_name

from ..models import BridgeSite, Equipment
from ..scoping import own_site_q
from .history import save_with_history

# Roles that maintain every site (the issue: "vp_ubnd, ban_tcd, thanh_tra, quan_tri maintain all").
MAINTAIN_ALL = frozenset({R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA})
SITE_FIELDS = (
    "code",
    "name",
    "level",
    "unit",
    "address",
    "host_agency",
    "room",
    "capacity",
    "contact_name",
    "contact_phone",
    "video_endpoint",
    "can_host",
    "is_active",
    "note",
)
# What a commune may change on its own site; level, code, commune and hosting are the province's call.
COMMUNE_FIELDS = ("address", "room", "capacity", "contact_name", "contact_phone", "video_endpoint", "note")
EQUIPMENT_FIELDS = (
    "site",
    "kind",
    "description",
    "serial_number",
    "quantity",
    "status",
    "last_checked_at",
    "note",
)


def is_own_commune_site(user, site) -> bool:
    return (
        site is not None
        and site.level == "xa"
        and R.UBND_XA in user_roles(user)
        and user_commune_id(user) is not None
        and site.unit_id == user_commune_id(user)
    )


def maintains_all_sites(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or user_roles(user) & MAINTAIN_ALL)


def can_maintain_site(user, site) -> bool:
    """Edit the site itself, its equipment and budget lines."""
    return maintains_all_sites(user) or is_own_commune_site(user, site)


def editable_site_fields(user, site=None) -> tuple[str, ...]:
    if maintains_all_sites(user):
        return SITE_FIELDS
    if site is not None and is_own_commune_site(user, site):
        return COMMUNE_FIELDS
    return ()


def can_maintain_equipment(user, site) -> bool:
    return can_maintain_site(user, site) or R.SO_KHCN in user_roles(user)


def maintainable_sites(user, sites):
    """Of `sites`, those whose site record, equipment and budget lines the user maintains."""
    if maintains_all_sites(user):
        return sites
    own = own_site_q(user)
    return sites.filter(own) if own is not None else sites.none()


def equipment_sites(user, sites):
    """Of `sites`, those whose equipment the user keeps (the technical department: every site)."""
    return sites if R.SO_KHCN in user_roles(user) else maintainable_sites(user, sites)


def search_sites(queryset, text: str):
    """Of `queryset`, the sites whose name or code contains `text`, accents optional ("my tho" finds
    "Phường Mỹ Tho"); shared by the back office and the board."""
    return search_by_name(queryset, text, "name", "code")


def save_site(actor, site: BridgeSite, data: dict) -> BridgeSite:
    """Create (site.pk is None) or change a site with `data`; only the fields the actor may edit."""
    creating = site.pk is None
    if creating and not maintains_all_sites(actor):
        raise NotAllowed(
            _("Only the provincial office, the board, the inspectorate and administrators add sites.")
        )
    if not creating and not can_maintain_site(actor, site):
        raise NotAllowed(_("You may not change this bridge site."))
    allowed = editable_site_fields(actor, site if not creating else None)
    refused = sorted(k for k in data if k in SITE_FIELDS and k not in allowed)
    if refused:
        raise NotAllowed(_("You may not change these fields: %(fields)s.") % {"fields": ", ".join(refused)})
    with transaction.atomic():
        if not creating:
            site = BridgeSite.objects.select_for_update().get(pk=site.pk)
        before = None if creating else snapshot(site, SITE_FIELDS)
        for key, value in data.items():
            if key in allowed:
                setattr(site, key, value)
        return save_with_history(site, actor, SITE_FIELDS, before)


def save_equipment(actor, equipment: Equipment, data: dict) -> Equipment:
    creating = equipment.pk is None
    site = data.get("site", getattr(equipment, "site", None) if equipment.site_id else None)
    if not can_maintain_equipment(actor, site) or (
        not creating and not can_maintain_equipment(actor, equipment.site)
    ):
        raise NotAllowed(_("You may not keep the equipment of this site."))
    with transaction.atomic():
        if not creating:
            equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
        before = None if creating else snapshot(equipment, EQUIPMENT_FIELDS)
        for key, value in data.items():
            if key in EQUIPMENT_FIELDS:
                setattr(equipment, key, value)
        equipment.updated_by = actor
        return save_with_history(equipment, actor, EQUIPMENT_FIELDS, before)


def delete_equipment(actor, equipment: Equipment) -> None:
    """Remove a line of the inventory (bought by mistake, written off); the history keeps what it was."""
    if not can_maintain_site(actor, equipment.site):
        raise NotAllowed(_("You may not keep the equipment of this site."))
    with transaction.atomic():
        equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
        record_event(
            equipment, actor, "changed", action="delete", changes=snapshot(equipment, EQUIPMENT_FIELDS)
        )
        equipment.delete()
