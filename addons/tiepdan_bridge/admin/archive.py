"""The signed archive in the back office: read-only entries (signature, public key, logged download),
an upload form that stores a new entry through services.archive.store_file, and the download log."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.admin.base import ReadOnlyAdminMixin

from ..models import ArchiveAccessLog, ArchiveEntry
from ..services import archive as archive_service
from .base import ScopedModelAdmin


class ArchiveUploadForm(forms.ModelForm):
    file = forms.FileField(label=_("File"), help_text=_("Read and hashed in pieces; any size."))

    class Meta:
        model = ArchiveEntry
        fields = ("name", "owner_ref")
        help_texts = {"name": _("Leave empty to use the file name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False


def download_url(entry) -> str:
    return reverse("tiepdan_archive:download", args=[entry.pk])


@admin.register(ArchiveEntry)
class ArchiveEntryAdmin(ScopedModelAdmin):
    list_display = (
        "name",
        "owner_ref",
        "size_display",
        "short_sha256",
        "signed_at",
        "created_by",
        "download",
    )
    list_filter = ("signed_at", "content_type")
    list_select_related = ("created_by",)
    search_fields = ("name", "original_name", "owner_ref", "sha256")
    date_hierarchy = "signed_at"
    ordering = ("-signed_at", "-id")
    add_form = ArchiveUploadForm
    add_fieldsets = ((None, {"fields": ("file", "name", "owner_ref")}),)
    fieldsets = (
        (
            None,
            {"fields": ("name", "original_name", "owner_ref", "content_type", "size_display", "download")},
        ),
        (
            _("Authentication"),
            {
                "fields": (
                    "sha256",
                    "signed_at",
                    "signature_status",
                    "signature",
                    "public_key",
                    "configured_public_key",
                    "signed_payload_display",
                )
            },
        ),
        (_("Storage"), {"fields": ("storage_key", "created_by")}),
    )
    readonly_fields = (
        "name",
        "original_name",
        "owner_ref",
        "content_type",
        "size_display",
        "download",
        "sha256",
        "signed_at",
        "signature_status",
        "signature",
        "public_key",
        "configured_public_key",
        "signed_payload_display",
        "storage_key",
        "created_by",
    )

    # ------------------------------------------------------------------ never changed, never deleted
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # ------------------------------------------------------------------------------------ upload
    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = ("name", "owner_ref")
        return super().get_form(request, obj, **kwargs)

    def save_form(self, request, form, change):
        upload = form.cleaned_data["file"]
        return archive_service.store_file(
            upload,
            form.cleaned_data.get("name") or upload.name,
            form.cleaned_data["owner_ref"],
            request.user,
            original_name=upload.name,
            content_type=getattr(upload, "content_type", "") or "",
        )

    def save_model(self, request, obj, form, change):
        pass  # store_file has already written the entry

    def save_related(self, request, form, formsets, change):
        pass

    # ---------------------------------------------------------------------------------- columns
    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj):
        size = float(obj.size)
        for unit in ("B", "KB", "MB", "GB"):
            if size < 1024 or unit == "GB":
                return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
            size /= 1024

    @admin.display(description=_("SHA-256"), ordering="sha256")
    def short_sha256(self, obj):
        return format_html('<code title="{}">{}…</code>', obj.sha256, obj.sha256[:12])

    @admin.display(description=_("download"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', download_url(obj), _("Download (logged)"))

    @admin.display(description=_("signature check"))
    def signature_status(self, obj):
        if archive_service.verify_signature(obj):
            return _("Valid: the metadata is exactly what the server signed.")
        return _("INVALID: the metadata does not match the signature.")

    @admin.display(description=_("public key to verify the signature (Ed25519, base64)"))
    def configured_public_key(self, obj):
        return format_html("<code>{}</code>", archive_service.public_key_b64())

    @admin.display(description=_("signed content (canonical JSON, UTF-8)"))
    def signed_payload_display(self, obj):
        return format_html("<code>{}</code>", archive_service.canonical_payload(obj).decode("utf-8"))


@admin.register(ArchiveAccessLog)
class ArchiveAccessLogAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("at", "user", "entry", "action")
    list_filter = ("action", "at")
    list_select_related = ("user", "entry")
    search_fields = ("entry__name", "entry__owner_ref", "user__username")
    date_hierarchy = "at"
