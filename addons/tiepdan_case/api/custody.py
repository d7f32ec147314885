"""Identity custody through the API (issue 12): a user who sees a denunciation but not its denouncer asks
for the identity with a reason; a custodian grants it for that case for some days, or denies it. The rows
are those of `scoping.identity_requests_visible_to`; every step is `services/custody.py` (role checks,
locks, history rows, messages), and the rows are never changed or deleted (no PUT, PATCH or DELETE)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..models import Case, IdentityAccessRequest
from ..scoping import identity_requests_visible_to
from ..services import custody
from .ids import MAX_ID
from .ids import object_id as _object_id
from .views import _errors


class IdentityAccessDecisionSerializer(serializers.Serializer):
    granted = serializers.BooleanField(read_only=True)
    reason = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_by = serializers.IntegerField(source="decided_by_id", read_only=True)
    at = serializers.DateTimeField(read_only=True)


class IdentityAccessRequestSerializer(serializers.ModelSerializer):
    """Written {"case": id, "reason": text}. `status` is waiting, granted, ended or denied."""

    case = serializers.IntegerField(source="case_id", min_value=1, max_value=MAX_ID)
    case_code = serializers.CharField(source="case.code", read_only=True)
    requester = serializers.IntegerField(source="requester_id", read_only=True)
    reason = serializers.CharField(max_length=4000)
    status = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = IdentityAccessRequest
        fields = ["id", "case", "case_code", "requester", "reason", "at", "status", "decision"]
        read_only_fields = ["at"]

    @staticmethod
    def _decision(obj):
        try:
            return obj.decision
        except IdentityAccessRequest.decision.RelatedObjectDoesNotExist:
            return None

    def get_status(self, obj) -> str:
        from django.utils import timezone

        decision = self._decision(obj)
        if decision is None:
            return "waiting"
        if not decision.granted:
            return "denied"
        return "granted" if decision.expires_at > timezone.now() else "ended"

    @extend_schema_field(IdentityAccessDecisionSerializer(allow_null=True))
    def get_decision(self, obj):
        decision = self._decision(obj)
        return IdentityAccessDecisionSerializer(decision).data if decision is not None else None


class IdentityDecisionInput(serializers.Serializer):
    granted = serializers.BooleanField()
    reason = serializers.CharField(max_length=4000)
    days = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=3650,
        help_text="Số ngày được xem (khi cho phép).",
    )


class IdentityAccessRequestViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Yêu cầu xem danh tính người tố cáo và quyết định của người giữ danh tính."""

    serializer_class = IdentityAccessRequestSerializer
    permission_classes = [IsAuthenticated]  # who may ask or decide is the service's rule

    def get_queryset(self):
        qs = IdentityAccessRequest.objects.select_related("case", "decision")
        return identity_requests_visible_to(self.request.user, qs).order_by("-at", "-id")

    def get_object(self):
        _object_id(self.kwargs.get("pk", ""))
        return super().get_object()

    @extend_schema(
        summary="Xin xem danh tính người tố cáo của một vụ việc (kèm lý do)",
        responses={201: IdentityAccessRequestSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = Case.objects.visible_to(request.user).filter(pk=data["case_id"]).first()
        if case is None:
            raise NotFound()
        access = custody.request_access(request.user, case, data["reason"])
        return Response(self.get_serializer(access).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Người giữ danh tính cho phép (trong số ngày) hoặc từ chối, kèm lý do",
        request=IdentityDecisionInput,
        responses={200: IdentityAccessRequestSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        access = self.get_object()
        body = IdentityDecisionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        days = data.get("days")
        if data["granted"] and days is None:
            days = min(7, settings.IDENTITY_GRANT_MAX_DAYS)
        custody.decide(request.user, access, granted=data["granted"], reason=data["reason"], days=days)
        return Response(self.get_serializer(self.get_queryset().get(pk=access.pk)).data)
