"""Who sees which bridge rows (DESIGN.md "Who sees what"); reached as `Model.objects.visible_to(user)`.

- quan_tri, vp_ubnd, ban_tcd, thanh_tra, chu_tich, lanh_dao: every site and everything at it.
- so_khcn, dien_luc, cong_an: every site, its checks and incidents; so_khcn also the equipment.
- so_tai_chinh: every site, its equipment and budget lines (it reviews them).
- ubnd_xa: the central and provincial sites (the sessions it joins are hosted there) and its own
  commune's site; checks, equipment, budget lines and incidents of its own site only.
- so_tu_phap, so_nganh, bao_ptth, trung_uong: the active sites only (public facts).
Who may *change* a row is decided in services/ (can_maintain_site, can_answer_item, ...).
"""

from django.db.models import Q

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_commune_id

from .roles import ARCHIVE_READ_ROLES

SEE_ALL = frozenset({R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.CHU_TICH, R.LANH_DAO})
READINESS_ROLES = frozenset({R.SO_KHCN, R.DIEN_LUC, R.CONG_AN})
EQUIPMENT_ROLES = SEE_ALL | {R.SO_KHCN, R.SO_TAI_CHINH}
BUDGET_ROLES = frozenset({R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.LANH_DAO, R.SO_TAI_CHINH})
SITE_READ_ROLES = SEE_ALL | READINESS_ROLES | {R.SO_TAI_CHINH}
PUBLIC_SITE_ROLES = frozenset({R.SO_TU_PHAP, R.SO_NGANH, R.BAO_PTTH, R.TRUNG_UONG})


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def own_site_q(user, prefix: str = "") -> Q | None:
    """The commune user's own commune site, as a filter (prefix e.g. "site__"); None if none."""
    commune = user_commune_id(user) if R.UBND_XA in user_roles(user) else None
    if not commune:
        return None
    return Q(**{f"{prefix}level": "xa", f"{prefix}unit_id": commune})


def _site_rows(user, queryset, wide_roles, prefix):
    """Rows at sites: everything for `wide_roles`, the own site for a commune user, else nothing."""
    if not _authenticated(user):
        return queryset.none()
    if user.is_superuser or user_roles(user) & wide_roles:
        return queryset
    own = own_site_q(user, prefix)
    return queryset.filter(own) if own is not None else queryset.none()


def sites_visible_to(user, queryset=None):
    from .models import BridgeSite

    qs = BridgeSite.objects.all() if queryset is None else queryset
    if not _authenticated(user):
        return qs.none()
    roles = user_roles(user)
    if user.is_superuser or roles & SITE_READ_ROLES:
        return qs
    q = Q(pk__in=[])
    if roles & PUBLIC_SITE_ROLES:
        q |= Q(is_active=True)
    own = own_site_q(user)
    if own is not None:
        q |= ~Q(level="xa") | own
    return qs.filter(q)


def equipment_visible_to(user, queryset=None):
    from .models import Equipment

    qs = Equipment.objects.all() if queryset is None else queryset
    return _site_rows(user, qs, EQUIPMENT_ROLES, "site__")


def budget_lines_visible_to(user, queryset=None):
    from .models import BudgetLine

    qs = BudgetLine.objects.all() if queryset is None else queryset
    return _site_rows(user, qs, BUDGET_ROLES, "site__")


def site_checks_visible_to(user, queryset=None):
    from .models import SiteCheck

    qs = SiteCheck.objects.all() if queryset is None else queryset
    return _site_rows(user, qs, SEE_ALL | READINESS_ROLES, "site__")


def check_items_visible_to(user, queryset=None):
    from .models import SiteCheckItem

    qs = SiteCheckItem.objects.all() if queryset is None else queryset
    return _site_rows(user, qs, SEE_ALL | READINESS_ROLES, "site_check__site__")


def incidents_visible_to(user, queryset=None):
    from .models import Incident

    qs = Incident.objects.all() if queryset is None else queryset
    return _site_rows(user, qs, SEE_ALL | READINESS_ROLES, "site__")


# The signed archive: the provincial office, the board, the inspectorate, the chairman and the system
# administrators see every entry (its metadata); nobody else sees any. One list, shared with roles.py.
# Reading a recording itself is narrower: services.archive.can_read_content (not quan_tri).
ARCHIVE_ROLES = frozenset(ARCHIVE_READ_ROLES)


def archive_entries_visible_to(user, queryset=None):
    from .models import ArchiveEntry

    qs = ArchiveEntry.objects.all() if queryset is None else queryset
    if not _authenticated(user):
        return qs.none()
    if user.is_superuser or user_roles(user) & ARCHIVE_ROLES:
        return qs
    return qs.none()


def archive_access_logs_visible_to(user, queryset=None):
    from .models import ArchiveAccessLog

    qs = ArchiveAccessLog.objects.all() if queryset is None else queryset
    return qs.filter(entry__in=archive_entries_visible_to(user).values("pk"))


def archive_holds_visible_to(user, queryset=None):
    from .models import ArchiveHold

    qs = ArchiveHold.objects.all() if queryset is None else queryset
    return qs.filter(entry__in=archive_entries_visible_to(user).values("pk"))
