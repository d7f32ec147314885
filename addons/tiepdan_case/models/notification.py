from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..append_only import AppendOnlyModel, AppendOnlyQuerySet, AppendOnlyRule
from .base import scoped_queryset


class NotificationQuerySet(AppendOnlyQuerySet, scoped_queryset("notifications_visible_to")):
    pass


class InboxQuerySet(AppendOnlyQuerySet, scoped_queryset("inbox_visible_to")):
    pass


class Notification(AppendOnlyModel):
    """The outbox: one row per message per channel, written in the transaction of the change that caused it.

    `in_app` rows are delivered by being there (the user's notification list); `email` and `sms` rows are
    sent by the worker (`services/delivery.py`), which retries with backoff and never sends a row twice.
    `dedupe_key` is unique: queueing the same message again is a no-op.

    A sent message is history (issue 12): once `status` is `sent` no column changes any more and the row is
    never deleted (model, queryset, database trigger: append_only.py), except `read_at`, which an in-app
    notice sets once when its reader opens it. Until then (pending, failed) the worker moves `status`,
    `attempts`, `next_attempt_at`, `last_error` and `sent_at`, and a resend moves `request_id`.
    """

    append_only = AppendOnlyRule(final_when=("status", "sent"), write_once=("read_at",))

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the back office")
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    dedupe_key = models.CharField(_("deduplication key"), max_length=255, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a sent message is kept: an account is disabled, never deleted with them
        related_name="notifications",
    )
    address = models.CharField(
        _("address"), max_length=254, blank=True, help_text=_("Email address or phone number (E.164).")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("content"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The request that queued the message, so the worker's log lines can be traced back to it.
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["user", "channel", "read_at"], name="notification_inbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(address=""),
                name="notification_has_recipient",
                violation_error_message=_("A notification needs a recipient user or address."),
            ),
            models.CheckConstraint(
                condition=~Q(channel="in_app") | Q(user__isnull=False),
                name="notification_in_app_has_user",
                violation_error_message=_("An in-app notification needs a recipient user."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]),
                name="notification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["in_app", "email", "sms"]),
                name="notification_channel_valid",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def recipient(self) -> str:
        return self.address or (self.user.get_username() if self.user_id else "")


class InboxNotification(Notification):
    """The same rows seen as a user's own notification list (in-app notices addressed to them)."""

    objects = InboxQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("my notification")
        verbose_name_plural = _("my notifications")
        ordering = ["-created_at", "-id"]
