"""/api/v1/recordings/ (list, upload, verify, logged download/playback) and the session actions around
them: `POST sessions/{id}/no-recording/` {reason}, `POST sessions/{id}/no-recording/sign-off/` (the chair),
`POST sessions/{id}/article/` {url, title} (bao_ptth). Thin: services.recordings does the work."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from addons.tiepdan_case.api.errors import ErrorSerializer
from addons.tiepdan_case.api.ids import MAX_ID
from addons.tiepdan_case.api.ids import object_id as _id

from ..models import ReceptionSession, RecordingWaiver, SessionRecording
from ..services import recordings
from ..views_recordings import file_response

SESSION_RECORDING_ACTIONS = ("no_recording", "no_recording_sign_off", "article")


def _errors(*codes):
    meaning = {
        400: "Dữ liệu gửi lên không hợp lệ (lỗi theo từng trường trong `fields`).",
        401: "Chưa đăng nhập hoặc token không hợp lệ.",
        403: "Vai trò của bạn không được làm việc này.",
        404: "Không tìm thấy, hoặc nằm ngoài phạm vi bạn được xem.",
        409: "Trạng thái hiện tại hoặc quy định không cho phép thao tác này.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=meaning[code]) for code in codes}


class RecordingSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="entry.name", read_only=True)
    original_name = serializers.CharField(source="entry.original_name", read_only=True)
    size = serializers.IntegerField(source="entry.size", read_only=True)
    sha256 = serializers.CharField(source="entry.sha256", read_only=True)
    signed_at = serializers.DateTimeField(source="entry.signed_at", read_only=True)
    signer = serializers.CharField(source="entry.signer", read_only=True)
    archive_entry = serializers.IntegerField(source="entry_id", read_only=True)
    signature_valid = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    play_url = serializers.SerializerMethodField()

    class Meta:
        model = SessionRecording
        fields = (
            "id",
            "session",
            "agenda_item",
            "archive_entry",
            "name",
            "original_name",
            "size",
            "sha256",
            "signed_at",
            "signer",
            "signature_valid",
            "verification",
            "verified_at",
            "download_url",
            "play_url",
        )
        read_only_fields = fields

    def get_signature_valid(self, obj) -> bool:
        return recordings.signature_ok(obj)

    def _url(self, obj, what):
        request = self.context.get("request")
        if request is None or not recordings.can_read(request.user, obj):
            return None  # quan_tri keeps the archive but reads no recording; denunciations: handlers only
        return request.build_absolute_uri(reverse("recording-" + what, args=[obj.pk]))

    def get_download_url(self, obj) -> str | None:
        return self._url(obj, "download")

    def get_play_url(self, obj) -> str | None:
        return self._url(obj, "play")


class RecordingUploadSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    agenda_item = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    file = serializers.FileField()
    name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class NoRecordingReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, allow_blank=True)


class SessionArticleSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=4000, allow_blank=True)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class RecordingWaiverSerializer(serializers.ModelSerializer):
    signed_off = serializers.BooleanField(read_only=True)

    class Meta:
        model = RecordingWaiver
        fields = (
            "session",
            "reason",
            "recorded_by",
            "recorded_at",
            "signed_off",
            "signed_off_by",
            "signed_off_at",
        )
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Bản ghi hình các phiên bạn được xem (kích thước, SHA-256, kiểm tra chữ ký)",
        parameters=[OpenApiParameter("session", int, description="Chỉ bản ghi của phiên này")],
        responses={200: RecordingSerializer(many=True), **_errors(401)},
    ),
    retrieve=extend_schema(
        summary="Một bản ghi hình", responses={200: RecordingSerializer, **_errors(401, 404)}
    ),
    create=extend_schema(
        summary="Tải bản ghi hình lên kho lưu trữ có ký số và gắn với phiên (và mục chương trình)",
        request={"multipart/form-data": RecordingUploadSerializer},
        responses={201: RecordingSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
class RecordingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RecordingSerializer
    permission_classes = [IsAuthenticated]
    queryset = SessionRecording.objects.none()
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        qs = (
            SessionRecording.objects.visible_to(self.request.user)
            .select_related("entry", "session", "agenda_item")
            .order_by("-id")
        )
        session = self.request.query_params.get("session")
        if session is not None:
            qs = qs.filter(session_id=_id(session))
        return qs

    def get_object(self):
        self.kwargs["pk"] = _id(self.kwargs["pk"])
        return super().get_object()

    def create(self, request):
        upload = RecordingUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        d = upload.validated_data
        session = ReceptionSession.objects.visible_to(request.user).filter(pk=d["session"]).first()
        if session is None:
            raise NotFound()
        recording = recordings.upload_recording(
            request.user, session, d["file"], agenda_item=d.get("agenda_item"), name=d["name"]
        )
        return Response(self.get_serializer(recording).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Kiểm tra lại tệp (SHA-256) và chữ ký số của bản ghi",
        request=None,
        responses={200: RecordingSerializer, **_errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        recording = recordings.verify_recording(request.user, _id(pk))
        return Response(self.get_serializer(recording).data)

    def _file(self, request, pk, what):
        recording, handle = recordings.open_recording(request.user, _id(pk), what)
        return file_response(recording, handle, what)

    @extend_schema(
        summary="Tải bản ghi (được ghi nhật ký; quan_tri không được tải)",
        responses={(200, "application/octet-stream"): bytes, **_errors(401, 403, 404)},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return self._file(request, pk, "download")

    @extend_schema(
        summary="Phát bản ghi (được ghi nhật ký)",
        responses={(200, "application/octet-stream"): bytes, **_errors(401, 403, 404)},
    )
    @action(detail=True, methods=["get"])
    def play(self, request, pk=None):
        return self._file(request, pk, "play")


class SessionRecordingActions:
    """Mixed into the sessions viewset: the reason for a missing recording, its sign-off, the article."""

    @extend_schema(
        summary="Ghi lý do không có bản ghi hình (người chủ trì xác nhận sau)",
        request=NoRecordingReasonSerializer,
        responses={200: RecordingWaiverSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="no-recording")
    def no_recording(self, request, pk=None):
        data = NoRecordingReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        waiver = recordings.record_missing_reason(request.user, _id(pk), data.validated_data["reason"])
        return Response(RecordingWaiverSerializer(waiver).data)

    @extend_schema(
        summary="Người chủ trì xác nhận lý do không có bản ghi hình",
        request=None,
        responses={200: RecordingWaiverSerializer, **_errors(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="no-recording/sign-off")
    def no_recording_sign_off(self, request, pk=None):
        waiver = recordings.sign_off_missing_reason(request.user, _id(pk))
        return Response(RecordingWaiverSerializer(waiver).data)

    @extend_schema(
        summary="Gắn đường dẫn bài viết đã đăng về phiên (Báo và Phát thanh - Truyền hình)",
        request=SessionArticleSerializer,
        responses={200: SessionArticleSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def article(self, request, pk=None):
        data = SessionArticleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = recordings.attach_article(
            request.user, _id(pk), data.validated_data["url"], data.validated_data["title"]
        )
        return Response({"url": session.article_url, "title": session.article_title})
