"""Model permissions of the report module, merged into the role groups by tiepdan_case.roles.sync_roles.

Which documents: scoping.py (the case's scope; a document naming a denouncer only for the case's
handlers). Who issues: services/documents.py (the office, the board, a commune for its own cases)."""

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import _view

# Who issues documents: the provincial office, the board, and a commune's People's Committee for its own
# commune's cases (their scope already limits which cases they reach).
ISSUER_ROLES = frozenset({R.VP_UBND, R.BAN_TCD, R.UBND_XA})

_P = "tiepdan_report"
_READ = _view(_P, "issueddocument")
_ISSUE = _READ + [f"{_P}.add_issueddocument"]
_STATS = [f"{_P}.export_statistics"]

PERMISSIONS = {
    R.VP_UBND: _ISSUE + _STATS,
    R.BAN_TCD: _ISSUE + _STATS,
    R.UBND_XA: _ISSUE + _STATS,
    R.THANH_TRA: _READ + _STATS,
    R.CHU_TICH: _READ + _STATS,
    R.LANH_DAO: _READ + _STATS,
    R.SO_TAI_CHINH: _READ,
    R.SO_TU_PHAP: _READ,
    R.SO_NGANH: _READ,
}
