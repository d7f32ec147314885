"""The session module's sidebar group (composed with the others in config/unfold.py).

Each item shows only for the permissions it names; the screens still check permission and scope.
No model imports here: settings import this module.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.navigation import has_any_perm

_S = "tiepdan_session"


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
                    "title": _("Public schedule"),
                    "icon": "public",
                    "link": reverse_lazy("tiepdan_session_public:schedule"),
                },
            ],
        }
    ]
