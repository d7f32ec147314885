"""/api/v1/archive-entries/: the signed archive, read only (metadata, manifest, CMS signature, retention,
legal hold; the file through the logged view, for those who may read recordings), plus
`POST {id}/legal-hold/` and `POST {id}/release-hold/` with a reason."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..models import ArchiveEntry, manifest_bytes
from ..services import archive as archive_service


class ArchiveEntrySerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    manifest = serializers.SerializerMethodField()
    retain_until = serializers.DateField(read_only=True)
    legal_hold = serializers.SerializerMethodField()
    signature_valid = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveEntry
        fields = (
            "id",
            "name",
            "original_name",
            "size",
            "sha256",
            "signature_scheme",
            "signature",
            "signer",
            "certificate_sha256",
            "public_key",
            "signed_at",
            "manifest",
            "signature_valid",
            "owner_ref",
            "content_type",
            "retention_years",
            "retain_until",
            "legal_hold",
            "download_url",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, obj) -> str | None:
        request = self.context.get("request")
        if request is None or not archive_service.can_read_entry(request.user, obj):
            return None  # quan_tri keeps the storage but does not read recordings
        return request.build_absolute_uri(reverse("tiepdan_archive:download", args=[obj.pk]))

    def get_manifest(self, obj) -> str:
        """The exact signed bytes (UTF-8 JSON); `signature` is the base64 DER of a detached CMS over it."""
        return manifest_bytes(obj).decode("utf-8")

    def get_legal_hold(self, obj) -> bool:
        return any(h.released_at is None for h in obj.holds.all())

    def get_signature_valid(self, obj) -> bool:
        return archive_service.verify_signature(obj)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


@extend_schema_view(
    list=extend_schema(summary="Danh sách tệp trong kho lưu trữ có ký số"),
    retrieve=extend_schema(summary="Một tệp trong kho lưu trữ có ký số"),
)
class ArchiveEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Entries are never changed or deleted: PUT, PATCH and DELETE answer 405."""

    serializer_class = ArchiveEntrySerializer

    def get_queryset(self):
        qs = (
            ArchiveEntry.objects.visible_to(self.request.user)
            .prefetch_related("holds")
            .order_by("-signed_at", "-id")
        )
        owner = self.request.query_params.get("owner_ref")
        return qs.filter(owner_ref=owner) if owner else qs

    def _hold(self, request, change):
        entry = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change(request.user, entry, body.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    @extend_schema(
        request=ReasonSerializer, responses=ArchiveEntrySerializer, summary="Đặt lệnh giữ (legal hold)"
    )
    @action(detail=True, methods=["post"], url_path="legal-hold")
    def legal_hold(self, request, pk=None):
        return self._hold(request, archive_service.place_hold)

    @extend_schema(request=ReasonSerializer, responses=ArchiveEntrySerializer, summary="Gỡ lệnh giữ")
    @action(detail=True, methods=["post"], url_path="release-hold")
    def release_hold(self, request, pk=None):
        return self._hold(request, archive_service.release_hold)
