"""This module's lines in the home work queue (TEAM.md interface 7): documents waiting to be issued."""

from django.urls import reverse
from django.utils.translation import gettext as _

from addons.tiepdan_case.workqueue import QueueLine, provider

from .services.pending import pending_receipts, refusal_notice_counts


@provider(order=60)
def document_lines(request):
    user = request.user
    if not user.has_perm("tiepdan_report.add_issueddocument"):
        return []
    url = reverse("admin:tiepdan_report_issueddocument_changelist") + "#documents-to-issue"
    lines = []
    refusals = refusal_notice_counts(user)
    if refusals["overdue"]:
        lines.append(
            QueueLine(
                _("Refusal notices overdue (Form 01/TCD, more than 3 working days since the refusal)"),
                refusals["overdue"],
                url,
                "danger",
            )
        )
    if refusals["due"]:
        lines.append(
            QueueLine(
                _("Refusal notices to issue (Form 01/TCD, within 3 working days)"),
                refusals["due"],
                url,
                "warning",
            )
        )
    receipts = pending_receipts(user).count()
    if receipts:
        lines.append(QueueLine(_("Receipts of documents to issue (Form 02/TCD)"), receipts, url))
    return lines
