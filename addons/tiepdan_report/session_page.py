"""The session page's "Documents of the session" panel (registered with tiepdan_session.panels): the kept
documents of the session the user may open, and one-click issue buttons for what has none yet — the
schedule notice, each agency's and each citizen's invitation, each commune's file of invitations. No
citizen's name on a button: the case code, the role and the site say enough."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_commune_id
from addons.tiepdan_session.models import Invitation

from .documents.session_notices import READY_STATES
from .models import DocumentKind as K
from .models import IssuedDocument
from .services.session_documents import DENUNCIATION, INVITERS, OFFICE

AFTER_STATES = ("concluded", "closed")


def _issue_url(kind, object_id):
    return reverse("admin:tiepdan_report_issueddocument_issue", args=[kind, object_id])


def documents_panel(request, session):
    user = request.user
    if not user.has_perm("tiepdan_report.view_issueddocument"):
        return None
    documents = list(
        IssuedDocument.objects.visible_to(user)
        .filter(session=session)
        .select_related("replaced_by")
        .order_by("kind", "number", "id")
    )
    buttons = []
    roles = user_roles(user)
    if (
        session.state in READY_STATES
        and roles & INVITERS
        and user.has_perm("tiepdan_report.add_issueddocument")
    ):
        current = IssuedDocument.objects.filter(session=session, replaced_by__isnull=True)
        office = bool(roles & OFFICE)
        if office and not current.filter(kind=K.SCHEDULE_NOTICE).exists():
            buttons.append(
                {"url": _issue_url(K.SCHEDULE_NOTICE, session.pk), "label": K.SCHEDULE_NOTICE.label}
            )
        if office:
            invited = set(
                current.filter(kind=K.AGENCY_INVITATION).values_list("session_agency_id", flat=True)
            )
            for row in session.agencies.select_related("agency").order_by("agency__name"):
                if row.pk not in invited:
                    buttons.append(
                        {"url": _issue_url(K.AGENCY_INVITATION, row.pk), "label": f"{K.AGENCY_INVITATION.label}: {row.agency.name}"}
                    )  # fmt: skip
        invitations = (
            Invitation.objects.visible_to(user)
            .filter(session=session)
            .annotate(kept=Exists(current.filter(kind=K.INVITATION, invitation=OuterRef("pk"))))
            .select_related("agenda_item__case__unit", "site")
            .order_by("agenda_item__order", "id")
        )
        if not office:
            invitations = invitations.filter(agenda_item__case__unit_id=user_commune_id(user))
        communes = {}
        for invitation in invitations:
            case = invitation.agenda_item.case
            if not invitation.kept:
                buttons.append(
                    {
                        "url": _issue_url(K.INVITATION, invitation.pk),
                        "label": f"{K.INVITATION.label}: {case.code} — {invitation.get_role_display()}, {invitation.site.name}",
                    }
                )  # fmt: skip
            if case.case_type != DENUNCIATION and case.unit_id:
                communes[case.unit_id] = case.unit
        filed = set(current.filter(kind=K.COMMUNE_INVITATIONS).values_list("unit_id", flat=True))
        for unit_id, unit in sorted(communes.items(), key=lambda kv: kv[1].name):
            if unit_id not in filed:
                buttons.append(
                    {"url": _issue_url(K.COMMUNE_INVITATIONS, session.pk), "unit": unit_id,
                     "label": f"{K.COMMUNE_INVITATIONS.label}: {unit.name}"}
                )  # fmt: skip
    if (
        session.state in AFTER_STATES
        and roles & OFFICE
        and user.has_perm("tiepdan_report.add_issueddocument")
    ):
        current = IssuedDocument.objects.filter(session=session, replaced_by__isnull=True, draft=False)
        for kind in (K.MINUTES, K.CONCLUSIONS):
            if not current.filter(kind=kind).exists():
                buttons.append({"url": _issue_url(kind, session.pk), "label": kind.label})
    if not documents and not buttons:
        return None
    return {
        "template": "tiepdan_report/admin/session_documents.html",
        "documents": documents,
        "buttons": buttons,
    }
