"""Documents waiting to be issued, for the one-click buttons (and the home work queue)."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from addons.tiepdan_case.choices import WRITTEN_NOTICE_GROUNDS
from addons.tiepdan_case.models import AuditEvent, Case, ReceivedPaper, Reception
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services.calendar import add_working_days

from ..models import DocumentKind, IssuedDocument
from ..roles import ISSUER_ROLES
from ..scoping import denouncer_secret_cases


def pending_refusal_notices(user):
    """Refused cases whose ground needs Mẫu 01/TCD and that have no notice yet (NĐ 154 art. 4.3)."""
    if not user_roles(user) & ISSUER_ROLES:
        return Case.objects.none()
    issued = IssuedDocument.objects.filter(case=OuterRef("pk"), kind=DocumentKind.REFUSAL_NOTICE)
    return (
        Case.objects.visible_to(user)
        .filter(state="rejected", refusal_ground__in=WRITTEN_NOTICE_GROUNDS)
        .exclude(pk__in=denouncer_secret_cases(user).values("pk"))
        .exclude(Exists(issued))
        .order_by("received_date", "id")
    )


NOTICE_WORKING_DAYS = 3  # NĐ 154 art. 4.3: the written refusal notice within 3 working days


def refusal_notice_counts(user, today: dt.date | None = None) -> dict:
    """{"due": notices still within their 3 working days, "overdue": past them}, in one query. The
    refusal's day is that of the case's `reject` move in its history (its last change when it has none)."""
    today = today or timezone.localdate()
    refused_at = Subquery(
        AuditEvent.objects.filter(
            content_type__app_label="tiepdan_case",
            content_type__model="case",
            object_id=OuterRef("pk"),
            action="reject",
        )
        .order_by("-at")
        .values("at")[:1]
    )
    # Overdue when today is past refused + 3 working days, i.e. refused before today − 3 working days.
    cutoff = timezone.make_aware(
        dt.datetime.combine(add_working_days(today, -NOTICE_WORKING_DAYS), dt.time.min),
        timezone.get_default_timezone(),
    )
    late = Q(refused_at__lt=cutoff)
    return (
        pending_refusal_notices(user)
        .order_by()
        .annotate(refused_at=Coalesce(refused_at, "updated_at"))
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
