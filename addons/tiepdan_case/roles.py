"""The 15 roles of DESIGN.md as Django groups, and the model permissions each holds.

Every module declares its own `PERMISSIONS = {role code: [app_label.codename, ...]}` in its `roles.py`;
`sync_roles()` creates the groups and sets exactly those permissions. It runs after every `migrate`
(and from `manage.py sync_roles`), so the groups can never drift from this file.
Object-level rules (which rows) live in `scoping.py`; this only says which kinds of rows and verbs.
"""

from importlib import import_module

from django.apps import apps
from django.utils.translation import gettext_lazy as _

QUAN_TRI = "quan_tri"
VP_UBND = "vp_ubnd"
BAN_TCD = "ban_tcd"
THANH_TRA = "thanh_tra"
CHU_TICH = "chu_tich"
LANH_DAO = "lanh_dao"
SO_TAI_CHINH = "so_tai_chinh"
SO_KHCN = "so_khcn"
SO_TU_PHAP = "so_tu_phap"
CONG_AN = "cong_an"
DIEN_LUC = "dien_luc"
SO_NGANH = "so_nganh"
BAO_PTTH = "bao_ptth"
UBND_XA = "ubnd_xa"
TRUNG_UONG = "trung_uong"

ROLE_NAMES = {
    QUAN_TRI: _("System administrators"),
    VP_UBND: _("Provincial People's Committee Office"),
    BAN_TCD: _("Citizen Reception and Internal Affairs Board"),
    THANH_TRA: _("Provincial Inspectorate"),
    CHU_TICH: _("Chairman or authorised deputy"),
    LANH_DAO: _("Leaders (dashboards)"),
    SO_TAI_CHINH: _("Department of Finance"),
    SO_KHCN: _("Department of Science and Technology"),
    SO_TU_PHAP: _("Department of Justice"),
    CONG_AN: _("Provincial Police"),
    DIEN_LUC: _("Đồng Tháp Electricity"),
    SO_NGANH: _("Other provincial departments"),
    BAO_PTTH: _("Đồng Tháp Newspaper and Radio-Television"),
    UBND_XA: _("Commune and ward People's Committees"),
    TRUNG_UONG: _("Central participants (read only)"),
}
ALL_ROLES = tuple(ROLE_NAMES)

# Who reads every case (identity of a protected denouncer still masked unless a handler).
CASE_READ_ALL = frozenset({VP_UBND, BAN_TCD, THANH_TRA, CHU_TICH, LANH_DAO})
# Who reads only cases whose dossier (or later, directives) are assigned to their agency.
CASE_READ_BY_AGENCY = frozenset({SO_NGANH, SO_TU_PHAP, SO_TAI_CHINH})
# The provincial office and the board: register, edit, move and record receptions for any case.
CASE_OFFICE = frozenset({VP_UBND, BAN_TCD})
# Handlers by role of every case (plus the registering commune's users and users named on the case).
CASE_HANDLER_ROLES = frozenset({BAN_TCD, CHU_TICH})
# Who may be NAMED a handler of a case (issue 6; Luật Tố cáo art. 56): the board and the chairman, an
# officer of a body that verifies denunciations (the inspectorate, the departments), and the users of the
# case's communes (checked per case). Never vp_ubnd staff, the press, central guests or administrators.
NAMEABLE_HANDLER_ROLES = frozenset({BAN_TCD, CHU_TICH, THANH_TRA}) | CASE_READ_BY_AGENCY


def _crud(app_label: str, model: str, *verbs: str) -> list[str]:
    return [f"{app_label}.{verb}_{model}" for verb in verbs]


def _view(app_label: str, *models: str) -> list[str]:
    return [f"{app_label}.view_{m}" for m in models]


_C = "tiepdan_case"
_REFERENCE = _view(_C, "administrativeunit", "agency", "calendarday")
_CASE_READ = _view(_C, "citizen", "case", "caseparticipant", "caseattachment", "reception", "receivedpaper")
_CASE_WRITE = (
    _crud(_C, "citizen", "add", "change", "view")
    + _crud(_C, "case", "add", "change", "view")
    + _crud(_C, "caseparticipant", "add", "change", "delete", "view")
    + _crud(_C, "caseattachment", "add", "view")
    + _crud(_C, "reception", "add", "change", "view")
    + _crud(_C, "receivedpaper", "add", "change", "delete", "view")
)

PERMISSIONS = {
    QUAN_TRI: _REFERENCE
    + _crud(_C, "administrativeunit", "add", "change")
    + _crud(_C, "agency", "add", "change")
    + _crud(_C, "calendarday", "add", "change", "delete")
    + _crud(_C, "userprofile", "add", "change", "view")
    + _crud("auth", "user", "add", "change", "view")
    + _view("auth", "group")
    + _view(_C, "auditevent"),
    # The office edits cases but registers no citizen (only the board and the communes do: issue 6).
    VP_UBND: _REFERENCE
    + [p for p in _CASE_WRITE if p != f"{_C}.add_citizen"]
    + _view(_C, "auditevent", "identityaccesslog"),
    BAN_TCD: _REFERENCE + _CASE_WRITE + _view(_C, "auditevent", "identityaccesslog"),
    THANH_TRA: _REFERENCE + _CASE_READ + _view(_C, "auditevent"),
    CHU_TICH: _REFERENCE + _CASE_READ + _view(_C, "auditevent"),
    LANH_DAO: _REFERENCE + _CASE_READ,
    SO_TAI_CHINH: _REFERENCE + _CASE_READ,
    SO_KHCN: _REFERENCE,
    SO_TU_PHAP: _REFERENCE + _CASE_READ,
    CONG_AN: _REFERENCE,
    DIEN_LUC: _REFERENCE,
    SO_NGANH: _REFERENCE + _CASE_READ,
    BAO_PTTH: _REFERENCE,
    UBND_XA: _REFERENCE
    + _crud(_C, "citizen", "add", "change", "view")
    + _crud(_C, "case", "add", "change", "view")
    + _crud(_C, "caseparticipant", "add", "change", "delete", "view")
    + _crud(_C, "caseattachment", "add", "view")
    + _crud(_C, "reception", "add", "view")
    + _crud(_C, "receivedpaper", "add", "view"),
    TRUNG_UONG: _REFERENCE,
}
# Everyone reads their own notification list; the board reads the whole outbox (and resends).
for _role in ALL_ROLES:
    PERMISSIONS[_role] = PERMISSIONS[_role] + _view(_C, "inboxnotification")
PERMISSIONS[BAN_TCD] = PERMISSIONS[BAN_TCD] + _crud(_C, "notification", "change", "view")
# Identity custody (issue 12): readers of case content ask to see a denouncer's identity; the chairman (and
# users made custodians in their profile) decide. The list shows a custodian every request, others their own.
for _role in CASE_READ_ALL | CASE_READ_BY_AGENCY:
    PERMISSIONS[_role] = PERMISSIONS[_role] + _view(_C, "identityaccessrequest")


def user_roles(user) -> frozenset[str]:
    """The role codes of a user (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_tiepdan_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        user._tiepdan_roles = cached
    return cached


def collect_permissions() -> dict[str, set[str]]:
    """Merge the PERMISSIONS of every installed addon module."""
    merged: dict[str, set[str]] = {role: set() for role in ALL_ROLES}
    for config in apps.get_app_configs():
        if not config.name.startswith("addons."):
            continue
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for role, perms in getattr(module, "PERMISSIONS", {}).items():
            if role not in merged:
                raise ValueError(f"{config.name}.roles names an unknown role {role!r}")
            merged[role].update(perms)
    return merged


def sync_roles(using: str = "default") -> None:
    from django.contrib.auth.models import Group, Permission

    wanted = collect_permissions()
    all_codes = {p for perms in wanted.values() for p in perms}
    by_code = {}
    for perm in Permission.objects.using(using).select_related("content_type"):
        code = f"{perm.content_type.app_label}.{perm.codename}"
        if code in all_codes:
            by_code[code] = perm
    missing = all_codes - set(by_code)
    if missing:
        raise ValueError(f"Unknown permissions in roles: {sorted(missing)}")
    for role, perms in wanted.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([by_code[p] for p in perms])


def sync_after_migrate(sender, using="default", **kwargs):
    # Run once, after the last app has had its permissions created.
    # post_migrate is sent only for apps that have a models module.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        sync_roles(using=using)
