"""Documents waiting to be issued, for the one-click buttons (and the home work queue)."""

from django.db.models import Exists, OuterRef

from addons.tiepdan_case.choices import WRITTEN_NOTICE_GROUNDS
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.roles import user_roles

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


def pending_documents(user, limit=20):
    """[(kind, label, [cases])] for the document list's buttons."""
    out = []
    refusals = list(pending_refusal_notices(user)[:limit])
    if refusals:
        out.append((DocumentKind.REFUSAL_NOTICE, DocumentKind.REFUSAL_NOTICE.label, refusals))
    return out
