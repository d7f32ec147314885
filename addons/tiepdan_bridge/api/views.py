"""/api/v1/ views of the bridge module: rows from `visible_to(user)`, changes through services/."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from addons.tiepdan_case.api.ids import object_id as _id
from addons.tiepdan_case.api.permissions import RoleModelPermissions
from config.formats import bounds

from ..models import BridgeSite, Equipment, Incident, SiteCheck
from ..services import checks as check_service
from ..services import incidents as incident_service
from ..services import readiness as readiness_service
from ..services import sites as site_service
from . import serializers as s


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [RoleModelPermissions]
    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self):
        self.kwargs["pk"] = _id(self.kwargs["pk"])
        return super().get_object()

    def get_serializer(self, *args, **kwargs):
        """A row's site can only be one the user sees (others are "not found", as everywhere)."""
        serializer = super().get_serializer(*args, **kwargs)
        if "site" in getattr(serializer, "fields", {}):
            serializer.fields["site"].queryset = BridgeSite.objects.visible_to(self.request.user)
        return serializer

    def _datetime_param(self, name):
        raw = self.request.query_params.get(name)
        if not raw:
            return None
        value = bounds.parse_datetime(raw)
        if value is None:
            raise ValidationError(
                {
                    name: [
                        _("Enter a date and time in ISO 8601, e.g. 2026-12-01T08:00:00+07:00.")
                        + " "
                        + bounds.bounds_message()
                    ]
                }
            )
        return value

    def _sites_param(self):
        raw = self.request.query_params.get("sites") or self.request.query_params.get("site")
        if not raw:
            return None
        ids = [p for p in raw.split(",") if p]
        if not all(p.isdigit() and len(p) < 19 for p in ids):
            raise ValidationError({"sites": [_("A list of site ids separated by commas.")]})
        return [int(p) for p in ids]


class BridgeSiteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    """Bridge sites (điểm cầu). Filters: `level`, `unit` (commune code), `active`."""

    model = BridgeSite
    serializer_class = s.BridgeSiteSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset().select_related("unit", "host_agency").order_by("level", "code")
        params = self.request.query_params
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        if params.get("unit"):
            qs = qs.filter(unit__code=params["unit"])
        if params.get("active") in ("true", "false"):
            qs = qs.filter(is_active=params["active"] == "true")
        return qs

    def perform_create(self, serializer):
        serializer.instance = site_service.save_site(
            self.request.user, BridgeSite(), serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = site_service.save_site(
            self.request.user, serializer.instance, serializer.validated_data
        )


class EquipmentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    """Equipment of the sites. Filter: `site` (ids, comma separated)."""

    model = Equipment
    serializer_class = s.EquipmentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset().select_related("site")
        sites = self._sites_param()
        return qs.filter(site_id__in=sites) if sites is not None else qs

    def perform_create(self, serializer):
        serializer.instance = site_service.save_equipment(
            self.request.user, Equipment(), serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = site_service.save_equipment(
            self.request.user, serializer.instance, serializer.validated_data
        )


class SiteCheckViewSet(mixins.CreateModelMixin, _Base):
    """Site checks and their answers. Filters: `site` (ids), `kind`, `from`, `to`."""

    model = SiteCheck
    serializer_class = s.SiteCheckSerializer
    workflow_actions = ("answer", "readiness")

    def get_queryset(self):
        qs = (
            super().get_queryset().select_related("site", "created_by").prefetch_related("items__answered_by")
        )
        sites = self._sites_param()
        if sites is not None:
            qs = qs.filter(site_id__in=sites)
        if self.request.query_params.get("kind"):
            qs = qs.filter(kind=self.request.query_params["kind"])
        start, end = self._datetime_param("from"), self._datetime_param("to")
        if start:
            qs = qs.filter(at__gte=start)
        if end:
            qs = qs.filter(at__lte=end)
        return qs

    def perform_create(self, serializer):
        data = serializer.validated_data
        answers = {a["item"]: (a["passed"], a.get("note", "")) for a in data.get("answers", [])}
        serializer.instance = check_service.record_check(
            self.request.user,
            data["site"],
            data["kind"],
            data.get("at"),
            data.get("note", ""),
            answers=answers,
        )

    @extend_schema(request=s.AnswerSerializer, responses=s.SiteCheckSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Answer one item pass/fail; only a user of the agency that answers for it may."""
        check = self.get_object()
        body = s.AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check_service.answer_item(request.user, check, **body.validated_data)
        return Response(s.SiteCheckSerializer(self.get_queryset().get(pk=check.pk)).data)

    @extend_schema(request=s.ConfirmLateSerializer, responses=s.SiteCheckSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-late-entry")
    def confirm_late_entry(self, request, pk=None):
        """vp_ubnd only: confirm a check entered more than 2 hours after its time, with a reason, so that
        it counts for readiness (NĐ 154 art. 23.1)."""
        check = self.get_object()
        body = s.ConfirmLateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check_service.confirm_late_entry(request.user, check, body.validated_data["reason"])
        return Response(s.SiteCheckSerializer(self.get_queryset().get(pk=check.pk)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("sites", OpenApiTypes.STR, description="Site ids, comma separated."),
            OpenApiParameter("start", OpenApiTypes.DATETIME, description="The planned start (ISO 8601)."),
        ],
        responses=s.ReadinessSerializer,
    )
    @action(detail=False, methods=["get"])
    def readiness(self, request):
        """For sites and a start: which items have their test run (≥ 1 working day before) and final
        check (on the day, no later than one hour before the start, not undone by a later failure: NĐ 154
        art. 23.1), and whether the sites are ready / may start."""
        start = self._datetime_param("start")
        if start is None:
            raise ValidationError({"start": [_("This field is required.")]})
        ids = self._sites_param()
        if not ids:  # no site at all would be "ready" by default
            raise ValidationError({"sites": [_("This field is required.")]})
        sites = list(BridgeSite.objects.visible_to(request.user).filter(pk__in=ids))
        if len(sites) != len(set(ids)):
            raise NotFound()
        result = readiness_service.readiness(sites, start)
        items = [
            {
                "site": site_id,
                "item": item,
                "test_run_ok": r.test_run_ok,
                "final_check_ok": r.final_check_ok,
                "test_run_at": r.test_run.site_check.at if r.test_run else None,
                "final_check_at": r.final_check.site_check.at if r.final_check else None,
            }
            for (site_id, item), r in result.items.items()
        ]
        payload = {
            "start": result.start,
            "test_runs_since": result.test_runs_since,
            "test_run_deadline": result.test_run_deadline,
            "ready": result.ready,
            "can_start": result.can_start,
            "items": items,
        }
        return Response(s.ReadinessSerializer(payload).data)


class IncidentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Base):
    """Incidents at sites. Filters: `site` (ids), `from`, `to` (incidents overlapping the range)."""

    model = Incident
    serializer_class = s.IncidentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = super().get_queryset().select_related("site", "recorded_by")
        sites = self._sites_param()
        if sites is not None:
            qs = qs.filter(site_id__in=sites)
        return incident_service.overlapping(qs, self._datetime_param("from"), self._datetime_param("to"))

    def perform_create(self, serializer):
        serializer.instance = incident_service.save_incident(
            self.request.user, Incident(), serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = incident_service.save_incident(
            self.request.user, serializer.instance, serializer.validated_data
        )
