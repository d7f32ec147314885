"""Model permissions of the session module, merged into the role groups by tiepdan_case.roles.sync_roles.

Which rows: scoping.py. Who may make which move, and edit which part when: services/.
"""

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import _crud, _view

_S = "tiepdan_session"
_READ = _view(_S, "receptionsession", "sessionsite", "sessionagency")
_CASE_PARTS = _view(_S, "agendaitem", "dossierrequest", "invitation")
_PLAN = (
    _crud(_S, "receptionsession", "add", "change", "view")
    + _crud(_S, "sessionsite", "add", "change", "delete", "view")
    + _crud(_S, "sessionagency", "add", "change", "delete", "view")
    + _crud(_S, "agendaitem", "add", "change", "delete", "view")
    + _crud(_S, "dossierrequest", "add", "change", "delete", "view")
    + _crud(_S, "invitation", "change", "view")
    + _view(_S, "securityassessment")
)

# Directives: drafted and decided by the board, reported on by the lead agency (services/directives.py);
# which rows: scoping.directives_visible_to.
_DIRECTIVES = _view(_S, "directive", "directivereport", "caseanswer")
_DIRECTIVE_WORK = _DIRECTIVES + _crud(_S, "directivereport", "add")

PERMISSIONS = {
    R.QUAN_TRI: _READ,
    R.VP_UBND: _PLAN + _DIRECTIVES + _crud(_S, "caseanswer", "add"),
    R.BAN_TCD: _PLAN + _DIRECTIVES + _crud(_S, "caseanswer", "add"),
    R.THANH_TRA: _READ + _CASE_PARTS + _DIRECTIVES,
    R.CHU_TICH: _READ + _CASE_PARTS + _view(_S, "securityassessment") + _DIRECTIVES,
    R.LANH_DAO: _READ + _CASE_PARTS + _DIRECTIVES,
    R.SO_TAI_CHINH: _READ
    + _view(_S, "agendaitem")
    + _crud(_S, "dossierrequest", "change", "view")
    + _DIRECTIVE_WORK,
    R.SO_KHCN: _READ + _DIRECTIVE_WORK,
    R.SO_TU_PHAP: _READ
    + _view(_S, "agendaitem")
    + _crud(_S, "dossierrequest", "change", "view")
    + _DIRECTIVE_WORK,
    R.CONG_AN: _READ + _crud(_S, "securityassessment", "add", "change", "view") + _DIRECTIVE_WORK,
    R.DIEN_LUC: _READ + _DIRECTIVE_WORK,
    R.SO_NGANH: _READ
    + _view(_S, "agendaitem")
    + _crud(_S, "dossierrequest", "change", "view")
    + _DIRECTIVE_WORK,
    R.BAO_PTTH: _view(_S, "receptionsession"),
    R.UBND_XA: _READ + _view(_S, "agendaitem") + _crud(_S, "invitation", "change", "view") + _DIRECTIVE_WORK,
    R.TRUNG_UONG: _view(_S, "receptionsession", "sessionsite"),
}
