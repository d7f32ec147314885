"""Send the outbox: email and SMS rows of `Notification` that are due. Run by the worker job
`deliver_notifications` (jobs.py); safe with several workers at once.

Each row is claimed in its own transaction with `SELECT … FOR UPDATE SKIP LOCKED`, sent, and marked in
that same transaction, so no two workers ever hold the same row and a `sent` row is never picked again.
A failure increments `attempts`, keeps the error and waits `NOTIFICATION_RETRY_SECONDS × 2^(attempts−1)`
(at most `NOTIFICATION_RETRY_MAX_SECONDS`); after `NOTIFICATION_MAX_ATTEMPTS` the row is `failed` and
`ban_tcd` may resend it (`resend_notification`).
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.request_context import current_request_id

from .. import sms
from ..models import Notification
from . import audit
from .errors import Conflict, NotAllowed

logger = logging.getLogger("tiepdan.notifications")

Channel = Notification.Channel
Status = Notification.Status
SENT_BY_WORKER = (Channel.EMAIL, Channel.SMS)


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def retry_delay(attempts: int) -> dt.timedelta:
    seconds = settings.NOTIFICATION_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


def absolute_link(link: str) -> str:
    if not link or "://" in link:
        return link
    return settings.SITE_URL.rstrip("/") + "/" + link.lstrip("/")


class _Mailer:
    """One SMTP connection for a whole batch, reopened after a failure."""

    def __init__(self):
        self.connection = None

    def send(self, row: Notification) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
        body = row.body + (f"\n\n{absolute_link(row.link)}" if row.link else "")
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or None
        message = EmailMessage(
            subject=row.subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[row.address],
            connection=self.connection,
            # Stable per row: a mail server that sees the same message twice can tell.
            headers={"Message-ID": make_msgid(idstring=f"notification-{row.pk}", domain=domain)},
        )
        try:
            message.send(fail_silently=False)
        except Exception:
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # a broken socket has nothing left to close
                pass
            self.connection = None


def _send(row: Notification, mailer: _Mailer, sms_backend) -> None:
    if row.channel == Channel.EMAIL:
        mailer.send(row)
    else:
        sms_backend.send(to=row.address, text=row.body, ref=f"notification-{row.pk}")


def _claim_next(now):
    return (
        Notification.objects.select_for_update(skip_locked=True)
        .filter(status=Status.PENDING, channel__in=SENT_BY_WORKER, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .first()
    )


def deliver_due(*, limit: int | None = None, now: dt.datetime | None = None) -> DeliveryReport:
    """Send up to `limit` due messages (default NOTIFICATION_BATCH_SIZE)."""
    limit = settings.NOTIFICATION_BATCH_SIZE if limit is None else limit
    now = now or timezone.now()  # one reference time per pass: a row retried now is not due again in it
    report = DeliveryReport()
    mailer, sms_backend = _Mailer(), None
    try:
        for _i in range(limit):
            with transaction.atomic():
                row = _claim_next(now)
                if row is None:
                    break
                if row.channel == Channel.SMS and sms_backend is None:
                    sms_backend = sms.get_backend()
                _deliver(row, mailer, sms_backend, report, now)
    finally:
        mailer.close()
    return report


def _deliver(row: Notification, mailer, sms_backend, report: DeliveryReport, now) -> None:
    token = current_request_id.set(row.request_id or current_request_id.get())
    try:
        row.attempts += 1
        try:
            _send(row, mailer, sms_backend)
        except Exception as exc:
            row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if row.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                row.status, row.next_attempt_at = Status.FAILED, None
                report.failed.append(row.pk)
            else:
                row.next_attempt_at = now + retry_delay(row.attempts)
                report.retrying.append(row.pk)
            # Ids and the error class only: an address or a phone number never goes to the log.
            logger.warning(
                "notification %s (%s) attempt %d failed: %s",
                row.pk,
                row.channel,
                row.attempts,
                type(exc).__name__,
                extra={"notification_id": row.pk},
            )
        else:
            row.status, row.sent_at, row.next_attempt_at = Status.SENT, timezone.now(), None
            report.sent.append(row.pk)
            logger.info("notification %s (%s) sent", row.pk, row.channel, extra={"notification_id": row.pk})
        row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
    finally:
        current_request_id.reset(token)


def can_resend(user) -> bool:
    from ..roles import BAN_TCD, user_roles

    return bool(getattr(user, "is_superuser", False)) or BAN_TCD in user_roles(user)


def resend_notification(notification_id: int, actor) -> Notification:
    """`ban_tcd` puts a failed email or SMS back in the queue: it is sent again at the next worker tick."""
    if not can_resend(actor):
        raise NotAllowed(_("Only the citizen reception board may resend a notification."))
    with transaction.atomic():
        row = Notification.objects.select_for_update().get(pk=notification_id)
        if row.status != Status.FAILED:
            raise Conflict(_("Only a notification that failed can be resent."), code="not_failed")
        row.status, row.attempts, row.next_attempt_at = Status.PENDING, 0, timezone.now()
        # The worker's lines for this delivery now carry the id of the request that resent it.
        row.request_id = current_request_id.get() or row.request_id
        row.save(update_fields=["status", "attempts", "next_attempt_at", "request_id"])
        audit.record_event(
            row, actor, "note", action="resend", from_state=Status.FAILED, to_state=Status.PENDING
        )
    return row
