"""The session module's sidebar group (composed with the others in config/unfold.py).

Each item shows only for the permissions it names; the screens still check permission and scope.
No model imports here: settings import this module.
"""

from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.navigation import has_any_perm

_S = "tiepdan_session"


def acts_for_an_agency(request) -> bool:
    """Agencies and communes that carry out directives (not the board, which decides on them)."""
    return request.user.has_perm(f"{_S}.add_directivereport")


def can_read_overdue_lists(request) -> bool:
    from .services.directives import can_read_overdue_lists as allowed

    return allowed(request.user)


def navigation(request=None):
    return [
        {
            "title": _("Reception sessions"),
            "separator": True,
            "items": [
                {
                    "title": _("Sessions"),
                    "icon": "event",
                    "link": reverse_lazy("admin:tiepdan_session_receptionsession_changelist"),
                    "permission": has_any_perm(f"{_S}.view_receptionsession"),
                },
                {
                    "title": _("Month calendar"),
                    "icon": "calendar_view_month",
                    "link": reverse_lazy("tiepdan_session:calendar"),
                    "permission": has_any_perm(f"{_S}.view_receptionsession"),
                },
                {
                    "title": _("Invitations"),
                    "icon": "mail",
                    "link": reverse_lazy("admin:tiepdan_session_invitation_changelist"),
                    "permission": has_any_perm(f"{_S}.view_invitation"),
                },
                {
                    "title": _("Dossier briefings"),
                    "icon": "description",
                    "link": reverse_lazy("admin:tiepdan_session_dossierrequest_changelist"),
                    "permission": has_any_perm(f"{_S}.view_dossierrequest"),
                },
                {
                    "title": _("Security assessments"),
                    "icon": "shield",
                    "link": reverse_lazy("admin:tiepdan_session_securityassessment_changelist"),
                    "permission": has_any_perm(f"{_S}.view_securityassessment"),
                },
                {
                    "title": _("Directives"),
                    "icon": "assignment",
                    "link": reverse_lazy("admin:tiepdan_session_directive_changelist"),
                    "permission": has_any_perm(f"{_S}.view_directive"),
                },
                {
                    "title": _("My agency's directives"),
                    "icon": "assignment_ind",
                    "link": format_lazy(
                        "{}?cua_toi=1", reverse_lazy("admin:tiepdan_session_directive_changelist")
                    ),
                    "permission": acts_for_an_agency,
                },
                {
                    "title": _("Overdue directives"),
                    "icon": "alarm",
                    "link": reverse_lazy("tiepdan_session:directives_overdue"),
                    "permission": can_read_overdue_lists,
                },
                {
                    "title": _("Answers to citizens"),
                    "icon": "mark_email_read",
                    "link": reverse_lazy("admin:tiepdan_session_caseanswer_changelist"),
                    "permission": has_any_perm(f"{_S}.add_caseanswer"),
                },
                {
                    "title": _("Public schedule"),
                    "icon": "public",
                    "link": reverse_lazy("tiepdan_session_public:schedule"),
                },
            ],
        }
    ]
