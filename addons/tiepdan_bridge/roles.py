"""Model permissions of the bridge module, merged into the role groups by tiepdan_case.roles.sync_roles.

Which rows: scoping.py. Who may answer which check item, and who maintains which site: services/.
"""

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import _crud, _view

_B = "tiepdan_bridge"

_SITES_READ = _view(_B, "bridgesite")
_READINESS_READ = _view(_B, "bridgesite", "sitecheck", "sitecheckitem", "incident")
_TECH_READ = _READINESS_READ + _view(_B, "equipment")
_MAINTAIN = (
    _crud(_B, "bridgesite", "add", "change", "view")
    + _crud(_B, "equipment", "add", "change", "delete", "view")
    + _crud(_B, "budgetline", "add", "change", "delete", "view")
    + _crud(_B, "sitecheck", "add", "view")
    + _view(_B, "sitecheckitem")
    + _crud(_B, "incident", "add", "change", "view")
)
# The agencies that answer check items schedule checks and answer them; the technical department
# also keeps the equipment inventory and records incidents.
_ANSWERS = _READINESS_READ + _crud(_B, "sitecheck", "add", "change", "view")

PERMISSIONS = {
    R.QUAN_TRI: _MAINTAIN,
    R.VP_UBND: _MAINTAIN,
    R.BAN_TCD: _MAINTAIN,
    R.THANH_TRA: _MAINTAIN,
    R.CHU_TICH: _TECH_READ,
    R.LANH_DAO: _TECH_READ + _view(_B, "budgetline"),
    R.SO_TAI_CHINH: _SITES_READ + _view(_B, "equipment") + _crud(_B, "budgetline", "change", "view"),
    R.SO_KHCN: _ANSWERS
    + _crud(_B, "equipment", "add", "change", "view")
    + _crud(_B, "incident", "add", "change", "view"),
    R.SO_TU_PHAP: _SITES_READ,
    R.CONG_AN: _ANSWERS,
    R.DIEN_LUC: _ANSWERS,
    R.SO_NGANH: _SITES_READ,
    R.BAO_PTTH: _SITES_READ,
    R.UBND_XA: _view(_B, "bridgesite")
    + _crud(_B, "bridgesite", "change")
    + _crud(_B, "equipment", "add", "change", "view")
    + _crud(_B, "budgetline", "add", "change", "view")
    + _crud(_B, "sitecheck", "add", "change", "view")
    + _view(_B, "sitecheckitem", "incident"),
    R.TRUNG_UONG: _SITES_READ,
}

# The signed archive (recordings and other records kept at the provincial bridge): who sees entries (their
# metadata and legal holds), who stores new ones, who reads the download log. Nobody changes or deletes
# an entry. quan_tri manages the storage but does not read recordings (services.archive.can_read_content).
ARCHIVE_READ_ROLES = (R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.CHU_TICH)
ARCHIVE_ADD_ROLES = (R.QUAN_TRI, R.VP_UBND, R.BAN_TCD)
ARCHIVE_LOG_ROLES = (R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA)
for _role in ARCHIVE_READ_ROLES:
    PERMISSIONS[_role] = PERMISSIONS[_role] + _view(_B, "archiveentry", "archivehold")
for _role in ARCHIVE_ADD_ROLES:
    PERMISSIONS[_role] = PERMISSIONS[_role] + _crud(_B, "archiveentry", "add")
# Legal holds (services.archive.HOLD_ROLES): placed and released with a reason.
ARCHIVE_HOLD_ROLES = (R.VP_UBND, R.BAN_TCD, R.THANH_TRA)
for _role in ARCHIVE_HOLD_ROLES:
    PERMISSIONS[_role] = PERMISSIONS[_role] + _crud(_B, "archivehold", "add", "change")
for _role in ARCHIVE_LOG_ROLES:
    PERMISSIONS[_role] = PERMISSIONS[_role] + _view(_B, "archiveaccesslog")
