"""Issuing the documents of a reception session through the same numbered, kept path as the case
documents (services/documents.py): the schedule notice (`TB`), the invitation to a citizen and to an
agency (`GM`, one series for both), and a commune's invitations in one file for the commune to hand out.

Who: the provincial office and the board (`vp_ubnd`, `ban_tcd`) for everything; a commune (`ubnd_xa`)
for the invitations of its own commune's cases. Only invitations the actor may see
(`Invitation.objects.visible_to`): a denunciation's invitation names the denouncer, so only a handler of
the case issues it, and it never goes into a commune's file (a file handed to the commune).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AdministrativeUnit
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.scoping import user_commune_id
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.errors import Conflict, DomainError, Invalid, NotAllowed
from addons.tiepdan_case.services.identity import is_handler
from addons.tiepdan_session.models import Invitation, ReceptionSession, SessionAgency

from ..documents import conclusions as conclusions_notice
from ..documents import minutes as minutes_document
from ..documents import session_notices as build
from ..documents.issuer import issuer_for
from ..models import DocumentKind, IssuedDocument
from ..pdf.layout import render, render_bundle
from .documents import check_replaces, keep, take_number

K = DocumentKind


class NotFound(DomainError):
    """Out of the actor's scope: absent (404)."""

    status = 404
    code = "not_found"


OFFICE = frozenset({R.VP_UBND, R.BAN_TCD})
INVITERS = OFFICE | {R.UBND_XA}
DENUNCIATION = "to_cao"


def _agency(actor):
    agency = getattr(getattr(actor, "profile", None), "agency", None)
    if agency is None:
        raise Invalid(_("Your account is not tied to an agency, so no issuing body can be printed."))
    return agency


def _locked_session(actor, session_id):
    session = ReceptionSession.objects.visible_to(actor).filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("No such session."))
    return (
        ReceptionSession.objects.select_for_update(of=("self",))
        .select_related("host_site", "chair", "central_body")
        .get(pk=session.pk)
    )


def _visible_invitations(actor, session):
    return (
        Invitation.objects.visible_to(actor)
        .filter(session=session)
        .select_related("citizen", "site", "agenda_item__case__unit", "session")
    )


def _may_issue_invitation(actor, invitation) -> None:
    roles = user_roles(actor)
    if not roles & INVITERS:
        raise NotAllowed(_("Your role may not issue session documents."))
    case = invitation.agenda_item.case
    if not roles & OFFICE and case.unit_id != user_commune_id(actor):
        raise NotAllowed(_("A commune issues the invitations of its own commune's cases only."))
    if case.case_type == DENUNCIATION and not is_handler(actor, case):
        raise NotAllowed(_("Only a handler of this denunciation may issue a document naming the denouncer."))


def issue_session_document(actor, kind, subject, *, replaces=None, signer_name="", unit=None):
    """`subject`: the session (schedule notice; a commune's invitations with `unit`), the Invitation, or
    the SessionAgency row. Returns the kept IssuedDocument."""
    signer_name = signer_name or ""
    if kind == K.SCHEDULE_NOTICE and isinstance(subject, ReceptionSession):
        return _schedule_notice(actor, subject, replaces, signer_name)
    if kind == K.INVITATION and isinstance(subject, Invitation):
        return _invitation(actor, subject, replaces, signer_name)
    if kind == K.AGENCY_INVITATION and isinstance(subject, SessionAgency):
        return _agency_invitation(actor, subject, replaces, signer_name)
    if kind == K.MINUTES and isinstance(subject, ReceptionSession):
        return _minutes(actor, subject, replaces, signer_name)
    if kind == K.CONCLUSIONS and isinstance(subject, ReceptionSession):
        return _conclusions(actor, subject, replaces, signer_name)
    if kind == K.COMMUNE_INVITATIONS and isinstance(subject, ReceptionSession):
        if not isinstance(unit, AdministrativeUnit):
            raise Invalid(
                _("Choose the commune or ward."), fields={"unit": [_("Choose the commune or ward.")]}
            )
        return _commune_invitations(actor, subject, unit, replaces, signer_name)
    raise Invalid(_("Unknown document."))


def _schedule_notice(actor, session, replaces, signer_name):
    if not user_roles(actor) & OFFICE:
        raise NotAllowed(_("Only the provincial office or the board issues the schedule notice."))
    with transaction.atomic():
        session = _locked_session(actor, session.pk)
        problems = build.schedule_problems(session)
        if problems:
            raise Conflict(problems[0])
        replaces = check_replaces(replaces, K.SCHEDULE_NOTICE, session=session)
        row = _issue_one(
            actor, K.SCHEDULE_NOTICE, "TB", build.build_schedule_notice, session, replaces, signer_name,
            filename=lambda ref: f"Thông báo lịch tiếp công dân {ref} {session.code}.pdf",
            names_citizen=False, session=session,
        )  # fmt: skip
        record_event(session, actor, "note", action="document_issued", note=f"{row.title} {row.reference}")
        return row


def _issue_one(
    actor, kind, abbreviation, builder, subject, replaces, signer_name, *, filename, agency=None, **fields
):
    agency = agency or _agency(actor)
    issuer = issuer_for(agency)
    today = timezone.localdate()
    number, code = take_number(agency, issuer, abbreviation, today)
    document = builder(subject, issuer, number=number, date=today, replaces=replaces, signer_name=signer_name)
    reference = f"{number:02d}/{code}" if number else ""
    return keep(
        actor,
        kind,
        render(document),
        title=document.title,
        filename=filename(reference),
        agency=agency,
        code=code,
        number=number,
        today=today,
        replaces=replaces,
        **fields,
    )


def _invitation(actor, invitation, replaces, signer_name):
    with transaction.atomic():
        session = _locked_session(actor, invitation.session_id)
        invitation = _visible_invitations(actor, session).filter(pk=invitation.pk).first()
        if invitation is None:
            raise NotFound(_("No such invitation."))
        _may_issue_invitation(actor, invitation)
        problems = build.invitation_problems(invitation)
        if problems:
            raise Conflict(problems[0])
        replaces = check_replaces(replaces, K.INVITATION, invitation=invitation)
        return _invitation_document(actor, session, invitation, replaces, signer_name)


def _invitation_document(actor, session, invitation, replaces, signer_name):
    case = invitation.agenda_item.case
    row = _issue_one(
        actor, K.INVITATION, "GM", build.build_invitation, invitation, replaces, signer_name,
        filename=lambda ref: f"Giấy mời {ref} {session.code} {case.code}.pdf",
        session=session, invitation=invitation, case=case,
    )  # fmt: skip
    record_event(case, actor, "note", action="document_issued", note=f"{row.title} {row.reference}")
    return row


def _agency_invitation(actor, row, replaces, signer_name):
    if not user_roles(actor) & OFFICE:
        raise NotAllowed(_("Only the provincial office or the board invites the agencies."))
    with transaction.atomic():
        session = _locked_session(actor, row.session_id)
        row = (
            SessionAgency.objects.select_related("agency", "session")
            .filter(pk=row.pk, session=session)
            .first()
        )
        if row is None:
            raise NotFound(_("No such invited agency."))
        problems = build.agency_problems(row)
        if problems:
            raise Conflict(problems[0])
        replaces = check_replaces(replaces, K.AGENCY_INVITATION, session_agency=row)
        document = _issue_one(
            actor, K.AGENCY_INVITATION, "GM", build.build_agency_invitation, row, replaces, signer_name,
            filename=lambda ref: f"Giấy mời {ref} {session.code} {row.agency.short_name or row.agency.name}.pdf",
            names_citizen=False, session=session, session_agency=row,
        )  # fmt: skip
        record_event(
            session, actor, "note", action="document_issued", note=f"{document.title} {document.reference}"
        )
        return document


def commune_invitations(actor, session, unit):
    """The invitations a commune's file holds: the actor's visible invitations of the commune's cases,
    never a denunciation's (the file is handed to the commune; the denouncer's own invitation is issued
    on its own by a handler)."""
    return (
        _visible_invitations(actor, session)
        .filter(agenda_item__case__unit=unit)
        .exclude(agenda_item__case__case_type=DENUNCIATION)
        .order_by("agenda_item__order", "id")
    )


def _commune_invitations(actor, session, unit, replaces, signer_name):
    roles = user_roles(actor)
    if not roles & INVITERS:
        raise NotAllowed(_("Your role may not issue session documents."))
    if not roles & OFFICE and unit.pk != user_commune_id(actor):
        raise NotAllowed(_("A commune issues the invitations of its own commune's cases only."))
    with transaction.atomic():
        session = _locked_session(actor, session.pk)
        problems = build.not_announced(session)
        if problems:
            raise Conflict(problems[0])
        invitations = list(commune_invitations(actor, session, unit))
        if not invitations:
            raise Conflict(_("No invitation of this commune to put in the file."))
        replaces = check_replaces(replaces, K.COMMUNE_INVITATIONS, session=session, unit=unit)
        agency = _agency(actor)
        pages = []
        for invitation in invitations:
            kept = (
                IssuedDocument.objects.filter(
                    kind=K.INVITATION, invitation=invitation, replaced_by__isnull=True
                )
                .order_by("-id")
                .first()
            )
            if kept is None:  # each invitation keeps its own number in the GM series
                kept = _invitation_document(actor, session, invitation, None, signer_name)
            pages.append(
                build.build_invitation(
                    invitation, issuer_for(kept.issuer), number=kept.number, date=kept.issued_on,
                    signer_name=signer_name,
                )
            )  # fmt: skip
        title = f"Giấy mời công dân — {session.code} — {unit.name}"
        today = timezone.localdate()
        row = keep(
            actor,
            K.COMMUNE_INVITATIONS,
            render_bundle(pages, title=title),
            title=title,
            filename=f"Giấy mời công dân {session.code} {unit.name}.pdf",
            agency=agency,
            code="",
            number=None,
            today=today,
            replaces=replaces,
            session=session,
            unit=unit,
        )
        record_event(session, actor, "note", action="document_issued", note=title)
        return row


# ------------------------------------------------------------------------------------------------
# After the session: the minutes and the notice of the chair's conclusions


def _minutes(actor, session, replaces, signer_name):
    if not user_roles(actor) & OFFICE:
        raise NotAllowed(_("Only the provincial office or the board issues the minutes."))
    with transaction.atomic():
        session = _locked_session(actor, session.pk)
        problems = minutes_document.problems(session)
        if problems:
            raise Conflict(problems[0])
        replaces = check_replaces(replaces, K.MINUTES, session=session)
        row = _issue_one(
            actor, K.MINUTES, "BB", minutes_document.build, session, replaces, signer_name,
            filename=lambda ref: f"Biên bản tiếp công dân {ref} {session.code}.pdf",
            session=session,
        )  # fmt: skip
        record_event(session, actor, "note", action="document_issued", note=f"{row.title} {row.reference}")
        return row


def province_agency():
    """The People's Committee of the province: the chairman's conclusions are its notice."""
    from addons.tiepdan_case.models import Agency

    agency = Agency.objects.filter(kind="ubnd_tinh", is_active=True).order_by("id").first()
    if agency is None:
        raise Invalid(_("The provincial People's Committee is missing from the agencies."))
    return agency


def _conclusions_filename(session):
    return lambda ref: f"Thông báo kết luận tiếp công dân {ref} {session.code}.pdf".replace("  ", " ")


def _conclusions(actor, session, replaces, signer_name):
    """The numbered notice, issued by the office in the provincial People's Committee's TB series."""
    if not user_roles(actor) & OFFICE:
        raise NotAllowed(_("Only the provincial office or the board issues the conclusions notice."))
    with transaction.atomic():
        session = _locked_session(actor, session.pk)
        problems = conclusions_notice.problems(session)
        if problems:
            raise Conflict(problems[0])
        replaces = check_replaces(replaces, K.CONCLUSIONS, session=session)
        if replaces is not None and replaces.draft:
            raise Invalid(_("A draft is not replaced: issue the notice."))
        row = _issue_one(
            actor, K.CONCLUSIONS, "TB", conclusions_notice.build, session, replaces, signer_name,
            filename=_conclusions_filename(session), agency=province_agency(),
            names_citizen=False, session=session,
        )  # fmt: skip
        record_event(session, actor, "note", action="document_issued", note=f"{row.title} {row.reference}")
        return row


def draft_conclusions(session_id):
    """The draft of the conclusions notice, made by the worker as soon as the session is concluded (NĐ 154
    art. 25.2; issue 11: ready within 60 seconds so the chair signs before leaving the room). No number:
    the office issues the numbered notice. Idempotent: a session has one draft."""
    with transaction.atomic():
        session = (
            ReceptionSession.objects.select_for_update(of=("self",))
            .select_related("host_site", "chair", "central_body")
            .get(pk=session_id)
        )
        if conclusions_notice.problems(session):
            return None
        if IssuedDocument.objects.filter(session=session, kind=K.CONCLUSIONS).exists():
            return None
        agency = province_agency()
        issuer = issuer_for(agency)
        today = timezone.localdate()
        document = conclusions_notice.build(session, issuer, number=None, date=today)
        row = keep(
            None,
            K.CONCLUSIONS,
            render(document),
            title=f"{document.title} (dự thảo)",
            filename=_conclusions_filename(session)("dự thảo"),
            agency=agency,
            code=f"TB-{issuer.suffix}",
            number=None,
            today=today,
            replaces=None,
            names_citizen=False,
            session=session,
            draft=True,
        )
        record_event(session, None, "note", action="document_drafted", note=row.title)
        return row


def sessions_awaiting_conclusions():
    return ReceptionSession.objects.filter(state__in=("concluded", "closed")).exclude(
        pk__in=IssuedDocument.objects.filter(kind=K.CONCLUSIONS).values("session_id")
    )
