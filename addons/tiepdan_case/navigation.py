"""The back-office sidebar of the case module (used by config/unfold.py).

Each item shows only for the permissions it names; the screens themselves still check permissions and
scope, the menu only keeps it simple. A commune clerk (`ubnd_xa`) sees citizens, cases, documents and
receptions of their commune, and nothing else. No model imports here: settings import this module.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def has_any_perm(*perms):
    """A sidebar permission callback: the user holds at least one of `perms`."""

    def check(request):
        return any(request.user.has_perm(p) for p in perms)

    return check


def _all_perms(*perms):
    def check(request):
        return all(request.user.has_perm(p) for p in perms)

    return check


def _provincial(*perms):
    """Shown to anyone holding one of `perms` except a commune-only clerk."""

    def check(request):
        from .admin.base import only_commune_role

        return not only_commune_role(request.user) and has_any_perm(*perms)(request)

    return check


def _can_unlock(request):
    from .services.lockouts import can_unlock

    return can_unlock(request.user)


def _can_restore(request):
    from .services.deletion import can_restore

    return can_restore(request.user)


def show_all_applications(request):
    from .admin.base import only_commune_role

    return not only_commune_role(request.user)


def _link(name):
    return reverse_lazy(f"admin:{name}")


def navigation(request=None):
    return [
        {
            "title": _("Citizen reception"),
            "separator": False,
            "items": [
                {
                    "title": _("New citizen reception"),
                    "icon": "person_add",
                    "link": _link("tiepdan_case_case_reception"),
                    "permission": _all_perms("tiepdan_case.add_case", "tiepdan_case.add_reception"),
                },
                {
                    "title": _("Cases"),
                    "icon": "folder_open",
                    "link": _link("tiepdan_case_case_changelist"),
                    "permission": has_any_perm("tiepdan_case.view_case"),
                },
                {
                    "title": _("Citizens"),
                    "icon": "person",
                    "link": _link("tiepdan_case_citizen_changelist"),
                    "permission": has_any_perm("tiepdan_case.view_citizen"),
                },
                {
                    "title": _("Documents"),
                    "icon": "attach_file",
                    "link": _link("tiepdan_case_caseattachment_changelist"),
                    "permission": has_any_perm("tiepdan_case.view_caseattachment"),
                },
                {
                    "title": _("Reception register"),
                    "icon": "menu_book",
                    "link": _link("tiepdan_case_reception_changelist"),
                    "permission": has_any_perm("tiepdan_case.view_reception"),
                },
                {
                    "title": _("My notifications"),
                    "icon": "notifications",
                    "link": _link("tiepdan_case_inboxnotification_changelist"),
                    "permission": has_any_perm("tiepdan_case.view_inboxnotification"),
                },
            ],
        },
        {
            "title": _("Control"),
            "separator": True,
            "items": [
                {
                    "title": _("History"),
                    "icon": "history",
                    "link": _link("tiepdan_case_auditevent_changelist"),
                    "permission": _provincial("tiepdan_case.view_auditevent"),
                },
                {
                    "title": _("Identity access log"),
                    "icon": "visibility",
                    "link": _link("tiepdan_case_identityaccesslog_changelist"),
                    "permission": _provincial("tiepdan_case.view_identityaccesslog"),
                },
                {
                    "title": _("Identity access requests"),
                    "icon": "key",
                    "link": _link("tiepdan_case_identityaccessrequest_changelist"),
                    "permission": has_any_perm("tiepdan_case.view_identityaccessrequest"),
                },
                {
                    "title": _("Deleted records"),
                    "icon": "delete_history",
                    "link": _link("tiepdan_case_case_deleted"),
                    "permission": _can_restore,
                },
                {
                    "title": _("Sent notifications"),
                    "icon": "outgoing_mail",
                    "link": _link("tiepdan_case_notification_changelist"),
                    "permission": _provincial("tiepdan_case.view_notification"),
                },
            ],
        },
        {
            "title": _("Reference data"),
            "separator": True,
            "collapsible": True,
            "items": [
                {
                    "title": _("Communes and wards"),
                    "icon": "map",
                    "link": _link("tiepdan_case_administrativeunit_changelist"),
                    "permission": _provincial("tiepdan_case.view_administrativeunit"),
                },
                {
                    "title": _("Agencies"),
                    "icon": "account_balance",
                    "link": _link("tiepdan_case_agency_changelist"),
                    "permission": _provincial("tiepdan_case.view_agency"),
                },
                {
                    "title": _("Working-day calendar"),
                    "icon": "calendar_month",
                    "link": _link("tiepdan_case_calendarday_changelist"),
                    "permission": _provincial("tiepdan_case.view_calendarday"),
                },
            ],
        },
        {
            "title": _("Accounts"),
            "separator": True,
            "collapsible": True,
            "items": [
                {
                    "title": _("Users"),
                    "icon": "manage_accounts",
                    "link": _link("auth_user_changelist"),
                    "permission": has_any_perm("auth.view_user"),
                },
                {
                    "title": _("Locked accounts"),
                    "icon": "lock_person",
                    "link": _link("auth_user_lockouts"),
                    "permission": _can_unlock,
                },
                {
                    "title": _("Roles"),
                    "icon": "badge",
                    "link": _link("auth_group_changelist"),
                    "permission": has_any_perm("auth.view_group"),
                },
                {
                    "title": _("Role grant requests"),
                    "icon": "how_to_reg",
                    "link": _link("tiepdan_case_rolegrantrequest_changelist"),
                    "permission": has_any_perm("tiepdan_case.view_rolegrantrequest"),
                },
            ],
        },
    ]
