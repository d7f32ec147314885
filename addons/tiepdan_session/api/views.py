"""/api/v1/ views of the session module: rows from `visible_to(user)`, changes through services/."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.api.deletion import DELETION_ACTIONS, SoftDeleteActions
from addons.tiepdan_case.api.errors import ErrorSerializer
from addons.tiepdan_case.api.ids import object_id as _id
from addons.tiepdan_case.api.permissions import RoleModelPermissions
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.scoping import shielded_case_q
from addons.tiepdan_case.services.errors import Invalid, NotAllowed

from ..admin.sessions import public_only
from ..models import (
    AgendaItem,
    CaseAnswer,
    Directive,
    DirectiveReport,
    DirectiveState,
    Invitation,
    ReceptionSession,
    SessionAgency,
    SessionSite,
)
from ..services import (
    console,
    directive_text,
    directives,
    live,
    minutes,
    planning,
    readiness_page,
    rules,
    workflow,
)
from . import serializers as s
from .recordings import SESSION_RECORDING_ACTIONS, SessionRecordingActions


def _errors(*codes):
    meaning = {
        400: "Dữ liệu gửi lên không hợp lệ (lỗi theo từng trường trong `fields`).",
        401: "Chưa đăng nhập hoặc token không hợp lệ.",
        403: "Vai trò của bạn không được làm việc này.",
        404: "Không tìm thấy, hoặc nằm ngoài phạm vi bạn được xem.",
        409: "Trạng thái hiện tại hoặc quy định không cho phép thao tác này.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=meaning[code]) for code in codes}


READINESS_SCHEMA = inline_serializer(
    "SessionReadiness",
    {
        "colour": serializers.ChoiceField(choices=["green", "amber", "red"]),
        "ready": serializers.BooleanField(),
        "can_start": serializers.BooleanField(),
        "test_run_deadline": serializers.DateField(),
        "final_check_by": serializers.DateTimeField(
            help_text="Start − 1 h: the final connection counts on the day of the start, no later than this."
        ),
        "sites": serializers.ListField(child=serializers.DictField()),
        "dossiers_awaited": serializers.ListField(child=serializers.DictField()),
    },
)


CONSOLE_SCHEMA = inline_serializer(
    "SessionConsole",
    {
        "id": serializers.IntegerField(),
        "code": serializers.CharField(),
        "state": serializers.CharField(),
        "current_item": serializers.DictField(allow_null=True),
        "agenda": serializers.ListField(child=serializers.DictField()),
        "done": serializers.IntegerField(),
        "total": serializers.IntegerField(),
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách phiên tiếp công dân bạn được xem",
        responses={200: s.SessionSerializer(many=True), **_errors(401)},
    ),
    retrieve=extend_schema(
        summary="Một phiên tiếp", responses={200: s.SessionSerializer, **_errors(401, 404)}
    ),
    create=extend_schema(
        summary="Lập phiên tiếp (dự thảo)",
        responses={201: s.SessionSerializer, **_errors(400, 401, 403, 409)},
    ),
    partial_update=extend_schema(
        summary="Sửa thông tin phiên",
        responses={200: s.SessionSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
class SessionViewSet(
    SoftDeleteActions,
    SessionRecordingActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Reception sessions. Moves: `POST /sessions/{id}/transition/` with `{"action", "note"}`."""

    permission_classes = [RoleModelPermissions]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    deleted_model = ReceptionSession
    workflow_actions = (
        *DELETION_ACTIONS,
        "transition",
        "agenda",
        "sites",
        "agencies",
        "invitations",
        "readiness",
        "console",
        "minutes",
        *SESSION_RECORDING_ACTIONS,
    )
    queryset = ReceptionSession.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = (
            ReceptionSession.objects.visible_to(user)
            .select_related("host_site", "central_body")
            .order_by("-start", "-id")
        )
        if self.action == "list":  # the sites and the visible agenda of the page's sessions: two queries
            agenda = AgendaItem.objects.visible_to(user).select_related("case")
            qs = qs.prefetch_related(
                "component_sites", Prefetch("agenda", queryset=agenda, to_attr="visible_agenda")
            )
        return qs

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page:  # the central bridge's sites, once for the page (issue 13: no query per row)
            central = rules.central_site_ids()
            for session in page:
                session.central_site_ids = central
        return page

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return s.SessionSerializer
        if public_only(self.request.user):
            return s.PublicSessionSerializer
        return s.SessionSerializer

    def get_object(self):
        self.kwargs["pk"] = _id(self.kwargs["pk"])
        return super().get_object()

    def perform_create(self, serializer):
        serializer.instance = planning.save_session(self.request.user, None, serializer.validated_data)

    def perform_update(self, serializer):
        instance = serializer.instance
        serializer.instance = planning.save_session(self.request.user, instance, serializer.validated_data)

    @extend_schema(
        summary="Chuyển trạng thái phiên",
        request=s.SessionTransitionSerializer,
        responses={200: s.SessionSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        session_id = _id(pk)
        serializer = s.SessionTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = workflow.perform(
            request.user,
            session_id,
            data["action"],
            data.get("note", ""),
            start=data.get("start"),
            end=data.get("end"),
        )
        return Response(self.get_serializer_class()(session, context=self.get_serializer_context()).data)

    def _session(self):
        return self.get_object()

    @extend_schema(
        summary="Chương trình của phiên (GET) / đưa vụ việc vào chương trình (POST)",
        request=s.AgendaItemSerializer,
        responses={
            200: s.AgendaItemSerializer(many=True),
            201: s.AgendaItemSerializer,
            **_errors(400, 401, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # the whole list
    def agenda(self, request, pk=None):
        session = self._session()
        if request.method == "POST":
            serializer = s.AgendaItemSerializer(data=request.data)
            serializer.fields["case"].queryset = Case.objects.visible_to(request.user).exclude(
                shielded_case_q(request.user)
            )
            serializer.is_valid(raise_exception=True)
            d = serializer.validated_data
            item = planning.add_case(
                request.user, session, d["case"], d.get("slot_start"), d.get("slot_end"), d.get("order")
            )
            return Response(s.AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)
        items = AgendaItem.objects.visible_to(request.user).filter(session=session).select_related("case")
        return Response(s.AgendaItemSerializer(items, many=True).data)

    @extend_schema(
        summary="Điểm cầu thành phần (GET) / thêm điểm cầu (POST)",
        request=s.SessionSiteSerializer,
        responses={
            200: s.SessionSiteSerializer(many=True),
            201: s.SessionSiteSerializer,
            **_errors(400, 401, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # the whole list
    def sites(self, request, pk=None):
        session = self._session()
        if request.method == "POST":
            serializer = s.SessionSiteSerializer(data=request.data)
            serializer.fields["site"].queryset = BridgeSite.objects.visible_to(request.user)
            serializer.is_valid(raise_exception=True)
            row = planning.add_site(request.user, session, serializer.validated_data["site"])
            return Response(s.SessionSiteSerializer(row).data, status=status.HTTP_201_CREATED)
        rows = SessionSite.objects.visible_to(request.user).filter(session=session).select_related("site")
        return Response(s.SessionSiteSerializer(rows, many=True).data)

    @extend_schema(
        summary="Cơ quan được mời (GET) / mời cơ quan (POST)",
        request=s.SessionAgencySerializer,
        responses={
            200: s.SessionAgencySerializer(many=True),
            201: s.SessionAgencySerializer,
            **_errors(400, 401, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # the whole list
    def agencies(self, request, pk=None):
        session = self._session()
        if request.method == "POST":
            serializer = s.SessionAgencySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            d = serializer.validated_data
            row = planning.invite_agency(request.user, session, d["agency"], d["duty"], d.get("note", ""))
            return Response(s.SessionAgencySerializer(row).data, status=status.HTTP_201_CREATED)
        rows = SessionAgency.objects.visible_to(request.user).filter(session=session).select_related("agency")
        return Response(s.SessionAgencySerializer(rows, many=True).data)

    @extend_schema(
        summary="Giấy mời công dân của phiên mà bạn được xem",
        responses={200: s.InvitationSerializer(many=True), **_errors(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list
    def invitations(self, request, pk=None):
        session = self._session()
        rows = (
            Invitation.objects.visible_to(request.user)
            .filter(session=session)
            .select_related("citizen", "agenda_item")
        )
        return Response(s.InvitationSerializer(rows, many=True).data)

    @extend_schema(
        summary="Mức sẵn sàng của các điểm cầu", responses={200: READINESS_SCHEMA, **_errors(401, 404)}
    )
    @action(detail=True, methods=["get"])
    def readiness(self, request, pk=None):
        session = self._session()
        return Response(readiness_page.api_payload(request.user, session))

    @extend_schema(
        summary="Điều hành phiên: trạng thái trực tiếp (GET) / một thao tác của bàn điều hành (POST)",
        description=(
            "`action`: current_item, next_item, statements, agency_report, check_in, official, restrict, "
            "outcome, confirm, incident, incident_end. Trả về trạng thái trực tiếp của phiên."
        ),
        request=s.ConsoleActionSerializer,
        responses={200: CONSOLE_SCHEMA, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["get", "post"])
    def console(self, request, pk=None):
        session = self._session()
        if request.method == "POST":
            serializer = s.ConsoleActionSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            console.perform_action(request.user, session, serializer.validated_data)
            session.refresh_from_db()
        return Response(live.live_state(request.user, session))

    @extend_schema(
        summary="Biên bản phiên (dữ liệu), theo phạm vi bạn được xem",
        responses={200: OpenApiResponse(description="Biên bản"), **_errors(401, 404)},
    )
    @action(detail=True, methods=["get"])
    def minutes(self, request, pk=None):
        session = self._session()
        return Response(minutes.minutes_for(session, viewer=request.user))


@extend_schema_view(
    list=extend_schema(
        summary="Giấy mời bạn được xem", responses={200: s.InvitationSerializer(many=True), **_errors(401)}
    ),
    retrieve=extend_schema(
        summary="Một giấy mời", responses={200: s.InvitationSerializer, **_errors(401, 404)}
    ),
    partial_update=extend_schema(
        summary="Ghi việc giao giấy mời, trả lời của công dân, điểm cầu",
        responses={200: s.InvitationSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
class InvitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.InvitationSerializer
    permission_classes = [RoleModelPermissions]
    http_method_names = ["get", "patch", "head", "options"]
    queryset = Invitation.objects.none()

    def get_queryset(self):
        return Invitation.objects.visible_to(self.request.user).select_related(
            "citizen", "agenda_item__case", "site", "session"
        )

    def get_object(self):
        self.kwargs["pk"] = _id(self.kwargs["pk"])
        return super().get_object()

    def perform_update(self, serializer):
        serializer.instance = planning.update_invitation(
            self.request.user, serializer.instance, serializer.validated_data
        )


# --- directives (issue 10) ---------------------------------------------------------------------------

OVERDUE_SCHEMA = inline_serializer(
    "DirectivesOverdueByLead",
    {
        "lead": serializers.CharField(),
        "count": serializers.IntegerField(),
        "directives": serializers.ListField(child=serializers.DictField()),
    },
    many=True,
)


def _truthy(value) -> bool:
    return str(value or "").lower() in ("1", "true", "yes", "co")


@extend_schema_view(
    list=extend_schema(
        summary="Ý kiến chỉ đạo bạn được xem",
        description="Lọc: `state`, `overdue=true` (quá hạn), `mine=true` (đơn vị bạn chủ trì hoặc phối hợp), `case`.",
        responses={200: s.DirectiveSerializer(many=True), **_errors(400, 401)},
    ),
    retrieve=extend_schema(
        summary="Một ý kiến chỉ đạo", responses={200: s.DirectiveSerializer, **_errors(401, 404)}
    ),
)
class DirectiveViewSet(
    SoftDeleteActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The chairman's directives. The lead reports progress (`reports`), then marks the directive
    reported with the written answer (`report`); the board accepts (`accept`) or sends it back (`return`)."""

    serializer_class = s.DirectiveSerializer
    permission_classes = [RoleModelPermissions]
    http_method_names = ["get", "post", "delete", "head", "options"]
    workflow_actions = ("reports", "report", "accept", "send_back", *DELETION_ACTIONS)
    deleted_model = Directive
    queryset = Directive.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = directive_text.annotate(
            Directive.objects.visible_to(user)
            .select_related("session", "case", "lead_agency", "lead_unit")
            .prefetch_related("supporting_agencies"),
            user,
        ).order_by("deadline", "id")
        if self.action != "list":
            return qs
        params = self.request.query_params
        state = params.get("state")
        if state:
            if state not in DirectiveState.values:
                raise Invalid(_("Unknown state."), fields={"state": [_("Unknown state.")]})
            qs = qs.filter(state=state)
        if _truthy(params.get("overdue")):
            qs = qs.filter(directives.overdue_q())
        if _truthy(params.get("mine")):
            qs = qs.filter(directives.mine_q(user))
        if params.get("case"):
            qs = qs.filter(case_id=_id(params["case"]))
        return qs

    def get_object(self):
        self.kwargs["pk"] = _id(self.kwargs["pk"])
        return super().get_object()

    def _fresh(self, pk):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(
        summary="Báo cáo tiến độ (GET) / gửi báo cáo tiến độ kèm tài liệu (POST, multipart)",
        request={"multipart/form-data": s.DirectiveReportSerializer},
        responses={
            200: s.DirectiveReportSerializer(many=True),
            201: s.DirectiveReportSerializer,
            **_errors(400, 401, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None):
        directive = self.get_object()
        context = self.get_serializer_context()
        if request.method == "POST":
            serializer = s.DirectiveReportSerializer(data=request.data, context=context)
            serializer.is_valid(raise_exception=True)
            d = serializer.validated_data
            report = directives.post_report(directive, actor=request.user, text=d["text"], file=d.get("file"))
            return Response(
                s.DirectiveReportSerializer(report, context=context).data, status=status.HTTP_201_CREATED
            )
        rows = (
            DirectiveReport.objects.visible_to(request.user)
            .filter(directive=directive)
            .select_related("directive__case", "agency")
        )
        for row in rows:
            row.directive = directive  # the annotated directive (case_shielded) for the masking
        return Response(s.DirectiveReportSerializer(rows, many=True, context=context).data)

    @extend_schema(
        summary="Báo cáo đã thực hiện xong, kèm văn bản trả lời công dân (số, ngày, tệp)",
        request={"multipart/form-data": s.DirectiveReportedSerializer},
        responses={200: s.DirectiveSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        directive = self.get_object()
        serializer = s.DirectiveReportedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        directives.mark_reported(
            directive,
            actor=request.user,
            text=d["text"],
            answer_number=d.get("answer_number", ""),
            answer_date=d.get("answer_date"),
            answer_file=d.get("answer_file"),
            file=d.get("file"),
        )
        return Response(self._fresh(directive.pk))

    @extend_schema(
        summary="Ban Tiếp công dân công nhận hoàn thành",
        request=s.DirectiveAcceptSerializer,
        responses={200: s.DirectiveSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        directive = self.get_object()
        serializer = s.DirectiveAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        directives.accept(directive, actor=request.user, note=serializer.validated_data.get("note", ""))
        return Response(self._fresh(directive.pk))

    @extend_schema(
        summary="Ban Tiếp công dân trả lại báo cáo, kèm lý do",
        request=s.DirectiveReturnSerializer,
        responses={200: s.DirectiveSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        directive = self.get_object()
        serializer = s.DirectiveReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        directives.send_back(directive, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(self._fresh(directive.pk))

    @extend_schema(
        summary="Ý kiến chỉ đạo quá hạn, theo từng đơn vị chủ trì",
        responses={200: OVERDUE_SCHEMA, **_errors(401, 403)},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def overdue(self, request):
        if not directives.can_read_overdue_lists(request.user):
            raise NotAllowed(_("Only the board, the leaders and the chair read the overdue lists."))
        groups = directives.overdue_by_lead(request.user)
        return Response(
            [
                {
                    "lead": g["lead"],
                    "count": g["count"],
                    "directives": [
                        {
                            "id": r["directive"].pk,
                            "case_code": r["directive"].case.code,
                            "session_code": r["directive"].session.code,
                            "deadline": r["directive"].deadline.isoformat(),
                            "working_days_late": r["late"],
                            "escalated": r["directive"].escalated_at is not None,
                        }
                        for r in g["rows"]
                    ],
                }
                for g in groups
            ]
        )


@extend_schema_view(
    list=extend_schema(
        summary="Văn bản trả lời công dân của vụ việc đã tiếp, không có ý kiến chỉ đạo",
        responses={200: s.CaseAnswerSerializer(many=True), **_errors(401)},
    ),
    retrieve=extend_schema(
        summary="Một văn bản trả lời", responses={200: s.CaseAnswerSerializer, **_errors(401, 404)}
    ),
    create=extend_schema(
        summary="Ghi văn bản trả lời công dân (vụ việc đóng lại)",
        request={"multipart/form-data": s.CaseAnswerSerializer},
        responses={201: s.CaseAnswerSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
class CaseAnswerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.CaseAnswerSerializer
    permission_classes = [RoleModelPermissions]
    http_method_names = ["get", "post", "head", "options"]
    queryset = CaseAnswer.objects.none()

    def get_queryset(self):
        return (
            CaseAnswer.objects.visible_to(self.request.user).select_related("case").order_by("-recorded_at")
        )

    def get_object(self):
        self.kwargs["pk"] = _id(self.kwargs["pk"])
        return super().get_object()

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if "case" in getattr(serializer, "fields", {}):
            serializer.fields["case"].queryset = Case.objects.visible_to(self.request.user)
        return serializer

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = directives.record_case_answer(
            d["case"],
            actor=self.request.user,
            number=d["number"],
            answered_on=d["answered_on"],
            file=d.get("file"),
        )
