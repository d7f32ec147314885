"""/api/v1/notifications/: a user's own notices (read, mark read) and, for `ban_tcd`, the whole outbox
with each message's delivery status (resend a failed one). Thin: rows from visible_to, changes in services."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..models import InboxNotification, Notification
from ..services import delivery, notifications
from .views import ONE_ERRORS, READ_ERRORS, IdLookupMixin, _errors, _filters, _object_id


class NotificationSerializer(serializers.ModelSerializer):
    recipient = serializers.CharField(
        read_only=True, help_text="Tên đăng nhập, địa chỉ thư hoặc số điện thoại."
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "channel",
            "recipient",
            "subject",
            "body",
            "link",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
            "sent_at",
            "read_at",
        ]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    mine = serializers.BooleanField(required=False, help_text="Chỉ thông báo gửi cho tôi.")
    unread = serializers.BooleanField(required=False, help_text="Chỉ thông báo chưa đọc.")
    status = serializers.ChoiceField(choices=Notification.Status.choices, required=False)
    channel = serializers.ChoiceField(choices=Notification.Channel.choices, required=False)


FILTERS = [
    OpenApiParameter("mine", OpenApiTypes.BOOL, description="Chỉ thông báo trong hệ thống gửi cho tôi."),
    OpenApiParameter("unread", OpenApiTypes.BOOL, description="Chỉ thông báo chưa đọc."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Notification.Status.values),
    OpenApiParameter("channel", OpenApiTypes.STR, enum=Notification.Channel.values),
]
COUNT = inline_serializer("NotificationCount", {"unread": serializers.IntegerField()})
MARKED = inline_serializer("NotificationsMarked", {"marked": serializers.IntegerField()})


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách thông báo",
        description="Người dùng thấy thông báo trong hệ thống gửi cho mình; Ban Tiếp công dân thấy mọi "
        "thông báo (thư, SMS) và tình trạng gửi.",
        parameters=FILTERS,
        responses={200: NotificationSerializer(many=True), **_errors(400, 401)},
    ),
    retrieve=extend_schema(summary="Một thông báo", responses={200: NotificationSerializer, **ONE_ERRORS}),
)
class NotificationViewSet(
    IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        user = self.request.user
        qs = Notification.objects.visible_to(user).select_related("user")
        if self.action == "list":
            params = _filters(NotificationFilterSerializer, self.request)
            if params.get("mine"):
                qs = qs.filter(user=user, channel=Notification.Channel.IN_APP)
            if params.get("unread"):
                qs = qs.filter(channel=Notification.Channel.IN_APP, read_at__isnull=True)
            for name in ("status", "channel"):
                if params.get(name):
                    qs = qs.filter(**{name: params[name]})
        return qs

    @extend_schema(summary="Số thông báo chưa đọc của tôi", responses={200: COUNT, **READ_ERRORS})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": notifications.unread_count(request.user)})

    @extend_schema(
        summary="Đánh dấu đã đọc một thông báo của tôi",
        request=None,
        responses={200: NotificationSerializer, **ONE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        # Only one's own notice: anyone else's id is simply not found here.
        notice = self._own(pk)
        notifications.mark_read(request.user, [notice.pk])
        return Response(self.get_serializer(Notification.objects.get(pk=notice.pk)).data)

    @extend_schema(
        summary="Đánh dấu đã đọc mọi thông báo của tôi", request=None, responses={200: MARKED, **READ_ERRORS}
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications.mark_read(request.user)})

    @extend_schema(
        summary="Gửi lại một thông báo gửi lỗi (Ban Tiếp công dân)",
        request=None,
        responses={200: NotificationSerializer, **_errors(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        notice = self.get_object()
        delivery.resend_notification(notice.pk, request.user)
        return Response(self.get_serializer(Notification.objects.get(pk=notice.pk)).data)

    def _own(self, pk):
        from rest_framework.exceptions import NotFound

        notice = InboxNotification.objects.visible_to(self.request.user).filter(pk=_object_id(pk)).first()
        if notice is None:
            raise NotFound()
        return notice
