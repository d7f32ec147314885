"""Queue notifications in the outbox (`Notification`), inside the caller's transaction.

Every module notifies people through these two functions; nothing is sent here. In-app notices are
visible as soon as the caller's transaction commits; email and SMS rows wait for the worker
(`services/delivery.py`), which sends each once, retries with backoff and records the outcome.

`key` names the event (for example `f"session:{session.pk}:announce:{session.version}"`): queueing the
same key again for the same recipient and channel is a no-op, so a retried request never notifies twice.
Callers must never put a protected denouncer's identity into a subject or body.
"""

import hashlib
import logging

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from config.request_context import get_request_id

from ..models import Notification
from .errors import Invalid

logger = logging.getLogger("tiepdan.notifications")

Channel = Notification.Channel
Status = Notification.Status
_SUBJECT_MAX = Notification._meta.get_field("subject").max_length
_KEY_MAX = Notification._meta.get_field("dedupe_key").max_length


def dedupe_key(key: str, channel: str, recipient: str) -> str:
    """The stored unique key of one message: the event key, the channel and the recipient."""
    if not key or not str(key).strip():
        raise Invalid(_("A notification needs a key (the event it belongs to)."))
    full = f"{key}|{channel}|{recipient}"
    if len(full) <= _KEY_MAX:
        return full
    return "sha256:" + hashlib.sha256(full.encode()).hexdigest()


def _row(channel, key_recipient, *, key, subject, body, link="", user=None, address="", now, request_id):
    in_app = channel == Channel.IN_APP
    return Notification(
        dedupe_key=dedupe_key(key, channel, key_recipient),
        channel=channel,
        user=user,
        address=address,
        subject=str(subject)[:_SUBJECT_MAX],
        body=str(body),
        link=link or "",
        # An in-app notice is delivered by being in the list; the others wait for the worker.
        status=Status.SENT if in_app else Status.PENDING,
        sent_at=now if in_app else None,
        next_attempt_at=None if in_app else now,
        request_id=request_id,
    )


def _queue(rows) -> None:
    # ON CONFLICT DO NOTHING on the unique key: an already queued message stays as it is.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    logger.info("notifications queued: %d row(s)", len(rows))


def notify_users(users, *, subject, body, link="", key):
    """An in-app notice for each active user, plus an email row for those with an address.

    Returns the queryset of this event's rows for these users (already queued ones included)."""
    now = timezone.now()
    request_id = get_request_id()
    rows, seen = [], set()
    for user in users:
        if user is None or user.pk is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        common = dict(
            key=key, subject=subject, body=body, link=link, user=user, now=now, request_id=request_id
        )
        rows.append(_row(Channel.IN_APP, f"u{user.pk}", **common))
        if user.email:
            rows.append(_row(Channel.EMAIL, f"u{user.pk}", address=user.email, **common))
    if rows:
        _queue(rows)
    return Notification.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows])


def normalise_address(channel: str, address: str) -> str:
    """An email address as given (validated), or a phone number in E.164; Invalid otherwise."""
    address = (address or "").strip()
    if channel == Channel.EMAIL:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise Invalid(_("Enter a valid email address."), fields={"address": exc.messages}) from exc
        return address
    if channel == Channel.SMS:
        try:
            number = phonenumbers.parse(address, "VN")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise Invalid(
                _("Enter a valid phone number."), fields={"address": [_("Enter a valid phone number.")]}
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise Invalid(
        _("Unknown notification channel."), fields={"channel": [_("Unknown notification channel.")]}
    )


def notify_address(channel, address, *, subject, body, key):
    """An email to an agency's address or an SMS to a citizen's phone. Returns the (single) row."""
    address = normalise_address(channel, address)
    row = _row(
        channel,
        address,
        key=key,
        subject=subject,
        body=body,
        address=address,
        now=timezone.now(),
        request_id=get_request_id(),
    )
    _queue([row])
    return Notification.objects.get(dedupe_key=row.dedupe_key)


def unread_count(user) -> int:
    """The number in the back-office header: the user's in-app notices not yet read."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True).count()


def mark_read(user, ids=None) -> int:
    """Marks the user's own in-app notices read (all of them when `ids` is None); returns how many changed.
    Someone else's notice is never touched, whatever id is given."""
    rows = Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
