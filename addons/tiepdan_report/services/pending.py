"""Documents waiting to be issued, for the one-click buttons (and the home work queue)."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from addons.tiepdan_case.choices import WRITTEN_NOTICE_GROUNDS
from addons.tiepdan_case.models import Case, ReceivedPaper, Reception
from addons.tiepdan_case.roles import user_roles

from ..models import DocumentKind, IssuedDocument
from ..roles import ISSUER_ROLES
from ..scoping import denouncer_secret_cases


def pending_refusal_notices(user):
    """Refused cases whose ground needs Mẫu 01/TCD and whose notice is not recorded on the case yet (NĐ 154
    art. 4.3). Issuing the notice records it (services/documents.py), and so does a notice recorded by hand
    on the case page."""
    if not user_roles(user) & ISSUER_ROLES:
        return Case.objects.none()
    return (
        Case.objects.visible_to(user)
        .filter(state="rejected", refusal_ground__in=WRITTEN_NOTICE_GROUNDS, refusal_notice_date__isnull=True)
        .exclude(pk__in=denouncer_secret_cases(user).values("pk"))
        .order_by("received_date", "id")
    )


def refusal_notice_counts(user, today: dt.date | None = None) -> dict:
    """{"due": notices still within their 3 working days, "overdue": past them}, in one query, from the
    case's own due date (`refusal_notice_due`, set by the `reject` move on the working-day calendar) — the
    same rule as the case page's `refusals.is_notice_overdue`."""
    today = today or timezone.localdate()
    late = Q(refusal_notice_due__lt=today)
    return (
        pending_refusal_notices(user)
        .order_by()
        .aggregate(due=Count("pk", filter=~late), overdue=Count("pk", filter=late))
    )


def pending_receipts(user):
    """Receptions where papers were handed over and no receipt (Mẫu 02/TCD) was issued yet."""
    if not user_roles(user) & ISSUER_ROLES:
        return Reception.objects.none()
    issued = IssuedDocument.objects.filter(reception=OuterRef("pk"), kind=DocumentKind.RECEIPT)
    return (
        Reception.objects.visible_to(user)
        .filter(Exists(ReceivedPaper.objects.filter(reception=OuterRef("pk"))))
        .exclude(case__in=denouncer_secret_cases(user).values("pk"))
        .exclude(Exists(issued))
        .select_related("case")
        .order_by("received_at", "id")
    )


def pending_documents(user, limit=20):
    """[(kind, label, [(object id, text)])] for the document list's one-click buttons. No citizen's name:
    the case code, its type and the date say enough."""
    out = []
    refusals = [
        (case.pk, f"{case.code} — {case.get_case_type_display()}, {case.received_date:%d/%m/%Y}")
        for case in pending_refusal_notices(user)[:limit]
    ]
    if refusals:
        out.append((DocumentKind.REFUSAL_NOTICE, DocumentKind.REFUSAL_NOTICE.label, refusals))
    receipts = [
        (r.pk, f"{r.case.code} — {timezone.localtime(r.received_at):%H:%M %d/%m/%Y}")
        for r in pending_receipts(user)[:limit]
    ]
    if receipts:
        out.append((DocumentKind.RECEIPT, DocumentKind.RECEIPT.label, receipts))
    return out
