"""/api/v1/archive-entries/: the signed archive, read only (metadata; the file through the logged view)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from ..models import ArchiveEntry


class ArchiveEntrySerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveEntry
        fields = (
            "id",
            "name",
            "original_name",
            "size",
            "sha256",
            "signature",
            "public_key",
            "signed_at",
            "owner_ref",
            "content_type",
            "download_url",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, obj) -> str:
        url = reverse("tiepdan_archive:download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


@extend_schema_view(
    list=extend_schema(summary="Danh sách tệp trong kho lưu trữ có ký số"),
    retrieve=extend_schema(summary="Một tệp trong kho lưu trữ có ký số"),
)
class ArchiveEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Entries are never changed or deleted: PUT, PATCH and DELETE answer 405."""

    serializer_class = ArchiveEntrySerializer

    def get_queryset(self):
        qs = ArchiveEntry.objects.visible_to(self.request.user).order_by("-signed_at", "-id")
        owner = self.request.query_params.get("owner_ref")
        return qs.filter(owner_ref=owner) if owner else qs
