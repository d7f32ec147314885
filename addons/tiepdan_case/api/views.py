"""/api/v1/ views of the case module: thin — rows from `visible_to(user)`, changes through services/."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..choices import CaseState, CaseType
from ..models import AdministrativeUnit, Agency, Case, CaseParticipant, Citizen, Reception, RoleGrantRequest
from ..roles import user_roles
from ..scoping import shielded_flag
from ..services import case_workflow, deadlines, identity, receptions, refusals, role_grants, second_factor
from ..services import handlers as handler_service
from ..services.citizens import register_citizen
from ..services.errors import Invalid
from ..services.search import search_cases, search_citizens
from . import serializers as s
from .authentication import token_expired
from .deletion import DELETION_ACTIONS, SoftDeleteActions
from .errors import ErrorSerializer
from .ids import object_id as _object_id
from .permissions import RoleModelPermissions


def _errors(*codes):
    meaning = {
        400: "Dữ liệu gửi lên không hợp lệ (lỗi theo từng trường trong `fields`).",
        401: "Chưa đăng nhập hoặc token không hợp lệ.",
        403: "Vai trò của bạn không được làm việc này.",
        404: "Không tìm thấy, hoặc nằm ngoài phạm vi bạn được xem.",
        409: "Trạng thái hiện tại hoặc quy định không cho phép thao tác này.",
        429: "Đăng nhập sai quá nhiều lần: tài khoản hoặc địa chỉ đang bị khóa tạm thời.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=meaning[code]) for code in codes}


READ_ERRORS = _errors(401)
ONE_ERRORS = _errors(401, 404)
WRITE_ERRORS = _errors(400, 401, 403)
EDIT_ERRORS = _errors(400, 401, 403, 404)


class IdLookupMixin:
    """get_object() that answers 404 (not 500) for ids that are not numbers or are absurdly large."""

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        self.kwargs[lookup] = _object_id(self.kwargs[lookup])
        return super().get_object()


def _filters(serializer_class, request) -> dict:
    params = {k: request.query_params.get(k) for k in serializer_class().fields if k in request.query_params}
    serializer = serializer_class(data=params, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- authentication -----------------------------------------------------------------------------


class TokenView(APIView):
    """Exchange a username and password for an API token (send it as `Authorization: Token <key>`); the
    token expires after `API_TOKEN_TTL_SECONDS`, and `DELETE` revokes it. Failed logins count towards the
    same lockout as the admin login (django-axes)."""

    permission_classes = [AllowAny]

    def get_authenticate_header(self, request):
        return "Token"  # a refused login is 401, like every other authentication failure

    def perform_authentication(self, request):
        pass  # POST is the login itself: a stale Authorization header must not refuse it; DELETE checks

    @extend_schema(
        operation_id="auth_token_create",
        summary="Lấy token truy cập API",
        description="Gửi tên đăng nhập và mật khẩu; dùng token nhận được trong tiêu đề "
        "`Authorization: Token <token>`. Token hết hạn sau 8 giờ (mặc định). Tài khoản bắt buộc xác thực "
        "hai lớp gửi thêm `otp` (mã từ ứng dụng xác thực hoặc mã dự phòng). Đăng nhập sai nhiều lần "
        "thì tài khoản và địa chỉ bị khóa tạm thời (429).",
        request=s.TokenRequestSerializer,
        responses={200: s.TokenResponseSerializer, **_errors(400, 401, 403, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        serializer = s.TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request,  # django-axes reads and marks the Django request
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("Wrong username or password."))
        if second_factor.requires_second_factor(user):
            # Issue 12: a token of these users is issued only after the second factor (and expires).
            if not second_factor.is_enrolled(user):
                raise PermissionDenied(
                    _(
                        "Set up two-factor sign-in in the back office first; then ask for a token with its code."
                    )
                )
            code = serializer.validated_data.get("otp", "")
            if not code:
                raise AuthenticationFailed(_('Two-factor sign-in is required: send the code as "otp".'))
            if second_factor.verify(user, code) is None:
                # A wrong code counts towards the same lockout as a wrong password (django-axes).
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.get_username()}, request=request._request
                )
                raise AuthenticationFailed(_("The two-factor code is wrong, already used or has expired."))
        # A token login is a login: the lockout resets its count and last_login is kept, as for the page.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        token = Token.objects.filter(user=user).first()
        if token is not None and token_expired(token):
            token.delete()
            token = None
        if token is None:
            token = Token.objects.create(user=user)
        return Response(
            {"token": token.key, "username": user.get_username(), "roles": sorted(user_roles(user))}
        )

    @extend_schema(
        operation_id="auth_token_destroy",
        summary="Thu hồi token đang dùng",
        request=None,
        responses={204: None, **_errors(401)},
        tags=["auth"],
    )
    def delete(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- reference data -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách tỉnh, xã, phường", responses={200: s.UnitSerializer(many=True), **READ_ERRORS}
    ),
    retrieve=extend_schema(
        summary="Một đơn vị hành chính theo mã", responses={200: s.UnitSerializer, **ONE_ERRORS}
    ),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.UnitSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z]+"

    def get_queryset(self):
        return AdministrativeUnit.objects.visible_to(self.request.user).select_related("parent")


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách cơ quan", responses={200: s.AgencySerializer(many=True), **READ_ERRORS}
    ),
    retrieve=extend_schema(summary="Một cơ quan theo mã", responses={200: s.AgencySerializer, **ONE_ERRORS}),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AgencySerializer
    lookup_field = "code"
    lookup_value_regex = r"[-0-9A-Za-z_]+"

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user).select_related("parent", "unit")


# --- citizens -----------------------------------------------------------------------------------

CITIZEN_FILTERS = [
    OpenApiParameter("search", OpenApiTypes.STR, description="Họ tên hoặc số giấy tờ, không phân biệt dấu."),
    OpenApiParameter("unit", OpenApiTypes.STR, description="Mã xã, phường."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách công dân trong phạm vi của bạn",
        parameters=CITIZEN_FILTERS,
        responses={200: s.CitizenSerializer(many=True), **_errors(400, 401)},
    ),
    retrieve=extend_schema(summary="Một công dân", responses={200: s.CitizenSerializer, **ONE_ERRORS}),
    create=extend_schema(
        summary="Đăng ký công dân",
        description="Nếu giấy tờ tùy thân đã được đăng ký, trả về hồ sơ có sẵn (200) thay vì tạo bản trùng.",
        responses={
            201: s.CitizenSerializer,
            200: OpenApiResponse(s.CitizenSerializer, description="Công dân đã có; trả về hồ sơ có sẵn."),
            **WRITE_ERRORS,
            **_errors(409),
        },
    ),
    update=extend_schema(
        summary="Sửa thông tin công dân", responses={200: s.CitizenSerializer, **EDIT_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Sửa một phần thông tin công dân", responses={200: s.CitizenSerializer, **EDIT_ERRORS}
    ),
)
class CitizenViewSet(
    SoftDeleteActions,
    IdLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.CitizenSerializer
    permission_classes = [RoleModelPermissions]
    workflow_actions = DELETION_ACTIONS  # services/deletion.py checks the role
    deleted_model = Citizen

    def get_queryset(self):
        qs = Citizen.objects.visible_to(self.request.user).select_related("unit")
        if self.action == "list":
            params = _filters(s.CitizenFilterSerializer, self.request)
            qs = search_citizens(qs, params.get("search", ""))
            if params.get("unit"):
                qs = qs.filter(unit=params["unit"])
        return qs

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # An identity paper registered outside the user's scope is a Conflict (409 citizen_exists).
        citizen, created = register_citizen(request.user, serializer.validated_data)
        return Response(
            self.get_serializer(citizen).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


# --- cases --------------------------------------------------------------------------------------

CASE_FILTERS = [
    OpenApiParameter(
        "search", OpenApiTypes.STR, description="Mã, tiêu đề hoặc tên công dân, không phân biệt dấu."
    ),
    OpenApiParameter("state", OpenApiTypes.STR, enum=CaseState.values, description="Trạng thái."),
    OpenApiParameter("case_type", OpenApiTypes.STR, enum=CaseType.values, description="Loại vụ việc."),
    OpenApiParameter("unit", OpenApiTypes.STR, description="Mã xã, phường."),
    OpenApiParameter(
        "overdue",
        OpenApiTypes.STR,
        enum=["outcome", "processing", "forwarding"],
        description="Quá hạn theo bước.",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách vụ việc trong phạm vi của bạn",
        parameters=CASE_FILTERS,
        responses={200: s.CaseSerializer(many=True), **_errors(400, 401)},
    ),
    retrieve=extend_schema(summary="Một vụ việc", responses={200: s.CaseSerializer, **ONE_ERRORS}),
    create=extend_schema(
        summary="Đăng ký vụ việc (nháp) cùng công dân",
        responses={201: s.CaseSerializer, **WRITE_ERRORS},
    ),
    update=extend_schema(summary="Sửa vụ việc", responses={200: s.CaseSerializer, **EDIT_ERRORS}),
    partial_update=extend_schema(
        summary="Sửa một phần vụ việc", responses={200: s.CaseSerializer, **EDIT_ERRORS}
    ),
)
class CaseViewSet(
    SoftDeleteActions,
    IdLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.CaseSerializer
    permission_classes = [RoleModelPermissions]
    workflow_actions = ("transition", "refusal_notice", "receptions", "handlers", "move", *DELETION_ACTIONS)
    deleted_model = Case

    def get_queryset(self):
        user = self.request.user
        qs = (
            Case.objects.visible_to(user)
            .select_related("unit")
            .annotate(
                is_shielded=shielded_flag(user),
                has_reception=Exists(Reception.objects.filter(case=OuterRef("pk"))),
            )
            .prefetch_related(
                Prefetch("participants", queryset=CaseParticipant.objects.select_related("citizen")),
                "handlers",
            )
        )
        if self.action == "list":
            params = _filters(s.CaseFilterSerializer, self.request)
            for name in ("state", "case_type", "unit"):
                if params.get(name):
                    qs = qs.filter(**{name: params[name]})
            if params.get("overdue"):
                qs = qs.filter(deadlines.overdue_q(params["overdue"]))
            if params.get("search", "").strip():
                qs = search_cases(user, qs, params["search"])
        return qs

    def list(self, request, *args, **kwargs):
        self._unmasked_cases = []
        response = super().list(request, *args, **kwargs)
        identity.log_unmasked_views(request.user, self._unmasked_cases, "api")
        return response

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "_unmasked_cases", None) is not None:
            context["unmasked_cases"] = self._unmasked_cases
        return context

    def _fresh(self, case):
        return self.get_queryset().filter(pk=case.pk).first() or case

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = serializer.save()
        return Response(self.get_serializer(self._fresh(case)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        case = serializer.save()
        return Response(self.get_serializer(self._fresh(case)).data)

    @extend_schema(
        summary="Chuyển trạng thái vụ việc",
        description=(
            "Thao tác theo quy trình: `submit` (gửi lên tỉnh), `accept` (cần `eligibility`), `return` "
            "(cần `note`), `reject` (cần `note` và `refusal_ground`), `schedule`, `unschedule`, `receive`, "
            "`follow_up`, `close`, `withdraw` (cần `note`). Trả về vụ việc sau khi chuyển."
        ),
        request=s.CaseTransitionSerializer,
        responses={200: s.CaseSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case_id = _object_id(pk)
        serializer = s.CaseTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        params = {k: data[k] for k in ("eligibility", "refusal_ground") if data.get(k)}
        case = case_workflow.perform(request.user, case_id, data["action"], data.get("note", ""), **params)
        return Response(self.get_serializer(self._fresh(case)).data)

    @extend_schema(
        methods=["GET"],
        summary="Sổ tiếp công dân của một vụ việc",
        responses={200: s.ReceptionSerializer(many=True), **ONE_ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ghi một lượt tiếp công dân vào sổ (Mẫu 03/TCD)",
        description="Mỗi lượt tiếp, kể cả từ chối tiếp, là một dòng của sổ (khoản 1 Điều 27 Nghị định "
        "154/2026/NĐ-CP); vụ việc chỉ được gửi lên tỉnh khi đã có ít nhất một dòng.",
        request=s.ReceptionSerializer,
        responses={201: s.ReceptionSerializer, **EDIT_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], url_path="receptions")
    def receptions(self, request, pk=None):
        case = Case.objects.visible_to(request.user).filter(pk=_object_id(pk)).first()
        if case is None:
            raise NotFound()
        if request.method == "GET":
            rows = (
                Reception.objects.visible_to(request.user)
                .filter(case=case)
                .select_related("receiving_agency", "case")
            )
            page = self.paginate_queryset(rows)
            data = s.ReceptionSerializer(page, many=True, context=self.get_serializer_context()).data
            return self.get_paginated_response(data)
        serializer = s.ReceptionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        reception = receptions.record_reception(request.user, case, serializer.validated_data)
        return Response(
            s.ReceptionSerializer(reception, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Ghi số, ngày Thông báo từ chối tiếp công dân (Mẫu 01/TCD)",
        description="Chỉ cho vụ việc bị từ chối theo khoản 3 Điều 9 Luật Tiếp công dân hoặc điểm h khoản 1 "
        "Điều 4 Nghị định 154/2026/NĐ-CP; hạn 03 ngày làm việc (khoản 3 Điều 4). Người ghi: Văn phòng UBND "
        "tỉnh, Ban Tiếp công dân, hoặc UBND xã, phường của vụ việc (người đứng đầu cơ quan tiếp công dân "
        "ban hành thông báo). Mỗi lần từ chối có một thông báo: đã ghi rồi thì trả về 409.",
        request=s.RefusalNoticeSerializer,
        responses={200: s.CaseSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="refusal-notice")
    def refusal_notice(self, request, pk=None):
        case_id = _object_id(pk)
        serializer = s.RefusalNoticeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = refusals.record_refusal_notice(request.user, case_id, data["number"], data["issued_on"])
        return Response(self.get_serializer(self._fresh(case)).data)

    @extend_schema(
        summary="Phân công hoặc thôi phân công người xử lý",
        description=(
            "Chỉ người xử lý của vụ việc tố cáo được thay đổi người xử lý. Người được phân công phải là "
            "Ban Tiếp công dân, Chủ tịch, cán bộ Thanh tra hoặc sở ngành, hoặc cán bộ xã của vụ việc. "
            "Bắt buộc ghi lý do; mỗi thay đổi được ghi vào lịch sử."
        ),
        request=s.CaseHandlersSerializer,
        responses={200: s.CaseSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def handlers(self, request, pk=None):
        case = self.get_object()
        serializer = s.CaseHandlersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        users = _users(data["add"] + data["remove"])
        case = handler_service.change_handlers(
            request.user, case, add=[users[i] for i in data["add"]], remove=[users[i] for i in data["remove"]],
            reason=data["reason"],
        )  # fmt: skip
        return Response(self.get_serializer(self._fresh(case)).data)

    @extend_schema(
        summary="Chuyển vụ việc sang xã, phường khác",
        description="Chỉ người xử lý thuộc Ban Tiếp công dân; bắt buộc ghi lý do. Xã đã đăng ký vẫn là "
        "người xử lý.",
        request=s.CaseMoveSerializer,
        responses={200: s.CaseSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        case = self.get_object()
        serializer = s.CaseMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = handler_service.move_case(request.user, case, data["unit"], data["reason"])
        return Response(self.get_serializer(self._fresh(case)).data)


def _users(ids) -> dict:
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.in_bulk(set(ids))
    missing = sorted(set(ids) - set(found))
    if missing:
        message = _("No user with id %(ids)s.") % {"ids": ", ".join(map(str, missing))}
        raise Invalid(message, fields={"handlers": [message]})
    return found


@extend_schema_view(
    list=extend_schema(summary="Yêu cầu cấp vai trò đọc nội dung vụ việc", responses={200: s.RoleGrantRequestSerializer(many=True), **_errors(401)}),
    retrieve=extend_schema(summary="Một yêu cầu cấp vai trò", responses={200: s.RoleGrantRequestSerializer, **_errors(401, 404)}),
    create=extend_schema(
        summary="Đề nghị cấp vai trò (quản trị hệ thống; người thứ hai duyệt)",
        responses={201: s.RoleGrantRequestSerializer, **_errors(400, 401, 403, 409)},
    ),
)  # fmt: skip
class RoleGrantRequestViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Separation of duties (issue 6): a role that reads case content is given only when a second person —
    another administrator or the Provincial Office — approves the request of an administrator."""

    serializer_class = s.RoleGrantRequestSerializer
    permission_classes = [RoleModelPermissions]
    workflow_actions = ("approve", "refuse")

    def get_queryset(self):
        return RoleGrantRequest.objects.visible_to(self.request.user).select_related(
            "user", "requested_by", "decided_by"
        )

    def get_object(self):
        _object_id(self.kwargs.get("pk", ""))
        return super().get_object()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = role_grants.request_role_grant(
            self.request.user, data["user"], data["role"], reason=data["reason"]
        )

    def _decide(self, request, decide):
        grant = self.get_object()
        body = s.RoleGrantDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        grant = decide(request.user, grant, note=body.validated_data["note"])
        return Response(s.RoleGrantRequestSerializer(grant).data)

    @extend_schema(
        summary="Duyệt: cấp vai trò (người thứ hai, không phải người đề nghị)",
        request=s.RoleGrantDecisionSerializer,
        responses={200: s.RoleGrantRequestSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, role_grants.approve_role_grant)

    @extend_schema(
        summary="Từ chối cấp vai trò (cần `note`)",
        request=s.RoleGrantDecisionSerializer,
        responses={200: s.RoleGrantRequestSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, role_grants.refuse_role_grant)
