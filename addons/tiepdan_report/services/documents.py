"""Issuing official documents: numbered in their own yearly series, rendered once, kept.

`issue_document(actor, kind, case)` builds the document from the data (one click, nothing retyped),
takes the next number of its series (document type + issuing body + year: `05/TB-BTCD`, NĐ 30 art. 15),
renders the PDF, signs it when a certificate is configured, stores the bytes with their SHA-256 and writes
a history row. A re-print serves the stored bytes. A corrected issue (`replaces=`) gets a new number and
names the one it replaces; the old one stays, marked as replaced.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case.models import Case, Reception
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services import refusals
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed
from addons.tiepdan_case.services.identity import is_handler
from addons.tiepdan_case.services.sequence import next_number

from ..documents import receipt, refusal_notice
from ..documents.issuer import issuer_for
from ..models import SESSION_KINDS, DocumentKind, IssuedDocument
from ..pdf.layout import render
from ..roles import ISSUER_ROLES


@dataclass(frozen=True)
class Kind:
    abbreviation: str | None  # NĐ 30 Phụ lục III (TB, GM, BB); None: the form carries no number
    problems: Callable  # subject -> list[str]
    build: Callable  # (subject, issuer, *, number, date, replaces, signer_name) -> OfficialDocument
    filename: Callable  # (subject, reference) -> str
    subject: str = "case"  # what the document is about: "case" or "reception"


KINDS = {
    DocumentKind.REFUSAL_NOTICE: Kind(
        "TB",
        refusal_notice.problems,
        refusal_notice.build,
        lambda case, ref: f"Thông báo từ chối tiếp công dân {ref or case.code}.pdf",
    ),
    DocumentKind.RECEIPT: Kind(
        None,
        receipt.problems,
        receipt.build,
        lambda reception, ref: (
            f"Giấy biên nhận thông tin, tài liệu {reception.case.code} "
            f"{timezone.localtime(reception.received_at):%d-%m-%Y %Hg%M}.pdf"
        ),
        subject="reception",
    ),
}


def _file_safe(name: str) -> str:
    return "".join("-" if ch in '/\\:*?"<>|' else ch for ch in name)


def _check_actor(actor, case: Case) -> None:
    if not user_roles(actor) & ISSUER_ROLES:
        raise NotAllowed(_("Your role may not issue documents."))
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise NotAllowed(_("You may not issue documents for this case."))
    if case.case_type == "to_cao" and not is_handler(actor, case):
        raise NotAllowed(_("Only a handler of this denunciation may issue a document naming the denouncer."))
    if getattr(getattr(actor, "profile", None), "agency_id", None) is None:
        raise Invalid(_("Your account is not tied to an agency, so no issuing body can be printed."))


def issue_document(
    actor, kind: str, subject, *, replaces: IssuedDocument | None = None, signer_name="", unit=None
):
    """Issue one document of `kind` about `subject` (a case, or a reception for Mẫu 02/TCD; a session, an
    invitation or an invited agency for the session documents, see services/session_documents.py) as
    `actor`'s agency. Returns the kept IssuedDocument."""
    if kind in SESSION_KINDS:
        from .session_documents import issue_session_document

        return issue_session_document(
            actor, kind, subject, replaces=replaces, signer_name=signer_name, unit=unit
        )
    spec = KINDS.get(kind)
    if spec is None:
        raise Invalid(_("Unknown document."))
    if spec.subject == "reception" and not isinstance(subject, Reception):
        raise Invalid(_("Unknown document."))
    if spec.subject == "case" and not isinstance(subject, Case):
        raise Invalid(_("Unknown document."))
    reception = subject if spec.subject == "reception" else None
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=subject.case_id if reception else subject.pk)
        _check_actor(actor, case)
        if reception is not None:
            reception = Reception.objects.select_related("case").get(pk=reception.pk)
        subject = reception or case
        problems = spec.problems(subject)
        if problems:
            raise Conflict(problems[0])
        replaces = check_replaces(replaces, kind, reception=reception, case=None if reception else case)
        agency = actor.profile.agency
        issuer = issuer_for(agency)
        today = timezone.localdate()
        number, code = take_number(agency, issuer, spec.abbreviation, today)
        document = spec.build(
            subject, issuer, number=number, date=today, replaces=replaces, signer_name=signer_name or ""
        )
        reference = f"{number:02d}/{code}" if number else ""
        if kind == DocumentKind.REFUSAL_NOTICE:
            # The case keeps the notice's number and date (NĐ 154 art. 4.3: due within 3 working days), in
            # this same transaction and before the file is stored: a refused record (another notice already
            # recorded, a role that may not record one) leaves no document, no file and no number taken.
            refusals.record_refusal_notice(
                actor, case.pk, reference, today, replaces=replaces.reference if replaces else ""
            )
        row = keep(
            actor,
            kind,
            render(document),
            title=document.title,
            filename=spec.filename(subject, reference),
            agency=agency,
            code=code,
            number=number,
            today=today,
            replaces=replaces,
            case=case,
            reception=reception,
        )
        record_event(case, actor, "note", action="document_issued", note=f"{row.title} {reference}".strip())
        return row


def check_replaces(replaces, kind, **subject):
    """The document a corrected issue replaces, locked: same kind, same subject, not yet replaced."""
    if replaces is None:
        return None
    replaces = IssuedDocument.objects.select_for_update().get(pk=replaces.pk)
    same = all(
        getattr(replaces, f"{name}_id") == (value.pk if value else None) for name, value in subject.items()
    )
    if replaces.kind != kind or not same:
        raise Invalid(_("A correction replaces a document of the same kind for the same case."))
    if IssuedDocument.objects.filter(replaces=replaces).exists():
        raise Conflict(_("This document has already been replaced by a corrected issue."))
    return replaces


def take_number(agency, issuer, abbreviation, today):
    """The next number of the series `<abbreviation>-<issuer>` of `agency` this year; None for a form
    without a number."""
    if not abbreviation:
        return None, ""
    code = f"{abbreviation}-{issuer.suffix}"
    return next_number(f"doc:{agency.code}:{code}", today.year), code


def keep(
    actor, kind, pdf, *, title, filename, agency, code, number, today, replaces, names_citizen=True, **subject
):
    """Sign (when a certificate is configured; never a draft), store with the SHA-256, write the history
    rows."""
    from .signing import sign_pdf

    pdf, signer = (pdf, "") if subject.get("draft") else sign_pdf(pdf, reason=title)
    reference = f"{number:02d}/{code}" if number else ""
    row = IssuedDocument(
        kind=kind,
        code=code,
        year=today.year,
        number=number,
        issuer=agency,
        issued_on=today,
        names_citizen=names_citizen,
        title=title,
        filename=_file_safe(filename),
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        signed=bool(signer),
        signer=signer,
        replaces=replaces,
        issued_by=actor,
        **subject,
    )
    row.file.save("document.pdf", ContentFile(pdf), save=False)
    row.save()
    record_event(
        row,
        actor,
        "created",
        action="issue",
        changes={"kind": kind, "number": reference, "sha256": row.sha256, "signed": row.signed},
        note=_("Replaces %(ref)s") % {"ref": replaces.reference or replaces.title} if replaces else "",
    )
    if replaces is not None:
        record_event(replaces, actor, "changed", action="replaced", changes={"replaced_by": reference})
    return row


def stored_bytes(document: IssuedDocument) -> bytes:
    """The kept file, checked against its SHA-256: a re-print is the issued document, byte for byte."""
    with document.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise Conflict(_("The stored file does not match its fingerprint; it was altered."))
    return data
