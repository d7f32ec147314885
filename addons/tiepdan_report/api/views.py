"""GET each issued document (PDF) and each workbook (xlsx) with its content type and a Vietnamese file
name. Rows through `visible_to`; a document or a period out of scope is 404; bad input is 400 in the
project's error shape."""

import datetime as dt

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.views import APIView

from addons.tiepdan_case.api.ids import MAX_ID
from addons.tiepdan_case.models import Agency
from config.db_router import replica_reads
from config.formats import bounds

from ..exports import register, statistics
from ..exports.periods import PERIODS, period
from ..models import DocumentKind, IssuedDocument
from ..services.documents import stored_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IssuedDocumentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    case = serializers.SlugRelatedField(slug_field="code", read_only=True)
    session = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    replaces = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = IssuedDocument
        fields = [
            "id",
            "kind",
            "reference",
            "title",
            "issuer",
            "issued_on",
            "case",
            "session",
            "invitation",
            "session_agency",
            "unit",
            "signed",
            "sha256",
            "size",
            "replaces",
            "filename",
        ]


class IssueDocumentSerializer(serializers.Serializer):
    """What to issue: `subject` is the id of the case (tu_choi), the reception (bien_nhan), the session
    (lich_tiep; giay_moi_xa with `unit`, the commune's code), the invitation (giay_moi) or the invited
    agency row (giay_moi_co_quan)."""

    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    subject = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=20)
    replaces = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=120)


class IssuedDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IssuedDocumentSerializer

    def get_queryset(self):
        return IssuedDocument.objects.visible_to(self.request.user).select_related(
            "case", "issuer", "session", "unit"
        )

    @extend_schema(
        summary="Lập văn bản (số mới trong sổ văn bản của năm, lưu tệp)",
        request=IssueDocumentSerializer,
        responses={201: IssuedDocumentSerializer},
    )
    @action(detail=False, methods=["post"])
    def issue(self, request):
        from rest_framework import status
        from rest_framework.response import Response

        from addons.tiepdan_case.models import AdministrativeUnit

        from ..admin import subject_model
        from ..services.documents import issue_document

        if not request.user.has_perm("tiepdan_report.add_issueddocument"):
            raise PermissionDenied(_("Your role may not issue documents."))
        serializer = IssueDocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kind = data["kind"]
        subject = subject_model(kind).objects.visible_to(request.user).filter(pk=data["subject"]).first()
        if subject is None:
            raise Http404
        unit = None
        if kind == DocumentKind.COMMUNE_INVITATIONS:
            unit = AdministrativeUnit.objects.filter(code=data.get("unit") or "").first()
            if unit is None:
                raise ValidationError({"unit": [_("Choose the commune or ward.")]})
        replaces = None
        if data.get("replaces"):
            replaces = self.get_queryset().filter(pk=data["replaces"]).first()
            if replaces is None:
                raise ValidationError({"replaces": [_("No such document.")]})
        document = issue_document(
            request.user,
            kind,
            subject,
            replaces=replaces,
            signer_name=data.get("signer_name", "").strip(),
            unit=unit,
        )
        return Response(IssuedDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        document = self.get_object()
        response = HttpResponse(stored_bytes(document), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, document.filename)
        return response


def _xlsx(handle, filename):
    response = FileResponse(handle, content_type=XLSX, as_attachment=True, filename=filename)
    return response


def _date(value, field):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(value or "", fmt).date()
        except ValueError:
            continue
        if not bounds.in_bounds(day):
            raise ValidationError({field: [bounds.bounds_message()]})
        return day
    raise ValidationError({field: [_("Enter a date as dd/mm/yyyy or yyyy-mm-dd.")]})


class RegisterExport(APIView):
    """Sổ tiếp công dân (Mẫu 03/TCD) for `from`–`to` (and optionally one receiving agency)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, required=True),
            OpenApiParameter("to", str, required=True),
            OpenApiParameter("agency", str, required=False, description="receiving agency code"),
        ],
        responses={(200, XLSX): OpenApiTypes.BINARY},
    )
    @replica_reads  # an export: read from the replica when one is configured
    def get(self, request):
        if not request.user.has_perm("tiepdan_case.view_reception"):
            raise PermissionDenied(_("Your role may not read the reception register."))
        date_from = _date(request.query_params.get("from"), "from")
        date_to = _date(request.query_params.get("to"), "to")
        if date_to < date_from or (date_to - date_from).days > 366 * 5:
            raise ValidationError(
                {"to": [_("The end date must be after the start date, within five years.")]}
            )
        agency, place = None, ""
        code = request.query_params.get("agency")
        if code:
            agency = Agency.objects.visible_to(request.user).filter(code=code).first()
            if agency is None:
                raise Http404
            place = agency.name
        handle, _count = register.write_register(request.user, date_from, date_to, agency, place)
        name = f"Sổ tiếp công dân {date_from:%d-%m-%Y} đến {date_to:%d-%m-%Y}.xlsx"
        return _xlsx(handle, name)


class StatisticsExport(APIView):
    """Biểu 01/TCD or 02/TCD (Thông tư 01/2024/TT-TTCP) for a period of a year."""

    form = "01"

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, required=True, enum=list(PERIODS)),
            OpenApiParameter("year", int, required=True),
        ],
        responses={(200, XLSX): OpenApiTypes.BINARY},
    )
    @replica_reads  # statistics: read from the replica when one is configured
    def get(self, request):
        if not request.user.has_perm("tiepdan_report.export_statistics"):
            raise PermissionDenied(_("Your role may not export the statistics."))
        code = request.query_params.get("period", "")
        if code not in PERIODS:
            raise ValidationError({"period": [_("Choose q1, q2, q3, q4, 6m, 9m or year.")]})
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            year = 0
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": [_("Enter a year such as 2026.")]})
        chosen = period(code, year)
        writer = statistics.write_form01 if self.form == "01" else statistics.write_form02
        handle, _info = writer(request.user, chosen)
        return _xlsx(handle, f"Biểu {self.form}-TCD {chosen.label}.xlsx")


class DashboardView(APIView):
    """The managers' figures as JSON, each with the link to the filtered list behind it (services/dashboard)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @replica_reads  # a dashboard: read from the replica when one is configured
    def get(self, request):
        from rest_framework.response import Response

        from ..services.dashboard import figures_for

        figures = figures_for(request.user)
        if not figures:
            raise PermissionDenied(_("Your role has no dashboard."))
        return Response(figures)
