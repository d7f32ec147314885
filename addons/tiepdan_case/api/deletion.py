"""Soft delete through the API (issue 12): one mixin for citizens, cases, sessions and directives.

- `DELETE /<resource>/{id}/` with `{"reason": "..."}` (or `?reason=`): the row is marked deleted with the
  reason (204). No reason: 400 in Vietnamese. The role or a rule refusing: 403 / 409. Nothing is erased.
- `GET /<resource>/deleted/`: the deleted rows (quan_tri, vp_ubnd), with who, when and why.
- `POST /<resource>/{id}/restore/`: brings a deleted row back (quan_tri, vp_ubnd).
The rules are services/deletion.py's; this only reads the request and answers.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ..services import deletion
from .errors import ErrorSerializer
from .ids import object_id

DELETION_ACTIONS = ("destroy", "deleted", "restore")


class DeletionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=deletion.REASON_MAX_LENGTH,
        help_text="Lý do xoá (bắt buộc); được ghi vào lịch sử cùng người xoá và thời điểm.",
    )


class DeletedRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField(help_text="Mã hoặc tên (tên người tố cáo được che).")
    deleted_at = serializers.DateTimeField()
    deleted_by = serializers.CharField(allow_null=True)
    deletion_reason = serializers.CharField()


def _errors(*codes):
    meaning = {
        400: "Thiếu lý do xoá hoặc dữ liệu không hợp lệ.",
        401: "Chưa đăng nhập hoặc token không hợp lệ.",
        403: "Vai trò của bạn không được làm việc này.",
        404: "Không tìm thấy, hoặc nằm ngoài phạm vi bạn được xem.",
        409: "Quy định không cho phép xoá (hoặc khôi phục) bản ghi này.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=meaning[code]) for code in codes}


def _reason(request) -> str:
    data = request.data if hasattr(request.data, "get") else {}
    raw = data.get("reason") if data else None
    if raw is None:
        raw = request.query_params.get("reason")
    if raw is not None and not isinstance(raw, str):
        raw = ""  # a number, a list: not a reason
    return deletion.clean_reason(raw)  # Invalid (400) when missing or blank


class SoftDeleteActions:
    """Mixed into a ModelViewSet-like view whose `get_queryset()` starts from `visible_to(user)`."""

    deleted_model = None  # the model; its rows are listed and restored

    @extend_schema(
        summary="Xoá (ghi lý do)",
        description=(
            "Không xoá hẳn: bản ghi được đánh dấu đã xoá cùng người xoá, thời điểm và lý do, và không còn "
            'hiện ở bất kỳ danh sách, báo cáo hay tài liệu nào. Lý do gửi trong thân `{"reason": ...}` '
            "hoặc tham số `reason`. Quản trị hệ thống và Văn phòng UBND tỉnh có thể khôi phục."
        ),
        parameters=[OpenApiParameter("reason", OpenApiTypes.STR, description="Lý do xoá.")],
        request=DeletionReasonSerializer,
        responses={204: None, **_errors(400, 401, 403, 404, 409)},
    )
    def destroy(self, request, *args, **kwargs):
        lookup = self.lookup_url_kwarg or self.lookup_field
        pk = object_id(self.kwargs[lookup])
        reason = _reason(request)
        row = self.deleted_model.objects.visible_to(request.user).filter(pk=pk).first()
        if row is None:
            row = self.deleted_model(pk=pk)  # the service answers 404 (or 409: already deleted)
        deletion.soft_delete(row, reason=reason, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Danh sách bản ghi đã xoá",
        description="Chỉ Quản trị hệ thống và Văn phòng UBND tỉnh; người khác nhận danh sách rỗng.",
        responses={200: DeletedRowSerializer(many=True), **_errors(401)},
    )
    @action(detail=False, methods=["get"], url_path="deleted")
    def deleted(self, request):
        rows = deletion.deleted_rows_for(request.user, self.deleted_model).select_related("deleted_by")
        rows = rows.order_by("-deleted_at", "-pk")
        page = self.paginate_queryset(rows)
        data = [deletion.deleted_row_facts(request.user, row) for row in page]
        return self.get_paginated_response(DeletedRowSerializer(data, many=True).data)

    @extend_schema(
        summary="Khôi phục bản ghi đã xoá",
        request=None,
        responses={204: None, **_errors(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="restore")
    def restore(self, request, pk=None):
        deletion.restore(self.deleted_model(pk=object_id(pk)), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
