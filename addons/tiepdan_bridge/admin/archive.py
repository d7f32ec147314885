"""The signed archive in the back office: read-only entries (CMS signature, signer certificate, retention,
legal hold, logged download for those who may read recordings), the signature and manifest files an
outside verifier needs, an upload form that stores a new entry through services.archive.store_file, legal
holds (placed and released with a reason), and the download log."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case.admin.base import ReadOnlyAdminMixin

from ..models import ArchiveAccessLog, ArchiveEntry, ArchiveHold, SignatureScheme, manifest_bytes
from ..services import archive as archive_service
from .base import ScopedModelAdmin, ServiceSavingMixin


class RetentionFilter(admin.SimpleListFilter):
    title = _("retention")
    parameter_name = "retention"

    def lookups(self, request, model_admin):
        return (
            ("due", _("Retention period over, not on hold (for a person to decide)")),
            ("hold", _("On legal hold")),
        )

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(pk__in=[e.pk for e in archive_service.expiry_candidates(queryset)])
        if self.value() == "hold":
            return queryset.filter(holds__released_at__isnull=True).distinct()
        return queryset


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
        "signer",
        "retain_until_display",
        "legal_hold_display",
        "created_by",
        "download",
    )
    list_filter = (RetentionFilter, "signature_scheme", "signed_at", "content_type")
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
                    "signature_scheme",
                    "signature_status",
                    "signer",
                    "certificate_sha256",
                    "signature_files",
                    "signature",
                    "public_key",
                    "signed_payload_display",
                )
            },
        ),
        (
            _("Retention"),
            {"fields": ("retention_years", "retain_until_display", "legal_hold_display", "hold_link")},
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
        "signature_scheme",
        "signature_status",
        "signer",
        "certificate_sha256",
        "signature_files",
        "signature",
        "public_key",
        "signed_payload_display",
        "retention_years",
        "retain_until_display",
        "legal_hold_display",
        "hold_link",
        "storage_key",
        "created_by",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("holds")

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if not archive_service.can_read_content(request.user):
            shown = tuple(f for f in shown if f != "download")  # quan_tri keeps the storage, reads nothing
        return shown

    def get_urls(self):
        return [
            path(
                "<int:pk>/signature.p7s",
                self.admin_site.admin_view(self.signature_file),
                name="tiepdan_bridge_archiveentry_signature",
            ),
            path(
                "<int:pk>/manifest.json",
                self.admin_site.admin_view(self.manifest_file),
                name="tiepdan_bridge_archiveentry_manifest",
            ),
            *super().get_urls(),
        ]

    def _visible(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def signature_file(self, request, pk):
        """The detached CMS signature (DER): `openssl cms -verify -binary -inform DER -in <this> -content
        <manifest.json> -CAfile <the CA's certificate>`."""
        entry = self._visible(request, pk)
        if entry.signature_scheme != SignatureScheme.CMS:
            raise Http404
        response = HttpResponse(
            archive_service.signature_bytes(entry), content_type="application/pkcs7-signature"
        )
        response["Content-Disposition"] = f'attachment; filename="archive-{entry.pk}.p7s"'
        return response

    def manifest_file(self, request, pk):
        entry = self._visible(request, pk)
        response = HttpResponse(manifest_bytes(entry), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="archive-{entry.pk}.manifest.json"'
        return response

    # ------------------------------------------------------------------ never changed, never deleted
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # ------------------------------------------------------------------------------------ upload
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

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set()
        if not archive_service.can_read_content(request.user):
            hidden.add("download")
        if not archive_service.can_hold(request.user):
            hidden.add("hold_link")  # quan_tri keeps the storage; holds are the office's decision
        if not hidden:
            return fieldsets
        return [
            (title, {**opts, "fields": tuple(f for f in opts["fields"] if f not in hidden)})
            for title, opts in fieldsets
        ]

    @admin.display(description=_("download"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', download_url(obj), _("Download (logged)"))

    @admin.display(description=_("signature check"))
    def signature_status(self, obj):
        if archive_service.verify_signature(obj):
            if obj.signature_scheme == SignatureScheme.ED25519:
                return _(
                    "Valid (Ed25519, signed before the agency's certificate): the metadata is unchanged."
                )
            return _("Valid: signed with the agency's certificate; the metadata is exactly what was signed.")
        return _("INVALID: the metadata does not match the signature.")

    @admin.display(description=_("files to verify the signature"))
    def signature_files(self, obj):
        manifest = reverse("admin:tiepdan_bridge_archiveentry_manifest", args=[obj.pk])
        if obj.signature_scheme != SignatureScheme.CMS:
            return format_html('<a href="{}">{}</a>', manifest, _("manifest (JSON)"))
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a><br><code>{}</code>',
            reverse("admin:tiepdan_bridge_archiveentry_signature", args=[obj.pk]),
            _("signature (CMS, .p7s)"),
            manifest,
            _("manifest (JSON)"),
            f"openssl cms -verify -binary -inform DER -in archive-{obj.pk}.p7s -content archive-{obj.pk}.manifest.json "
            "-CAfile ca.pem",
        )

    @admin.display(description=_("signed content (canonical JSON, UTF-8)"))
    def signed_payload_display(self, obj):
        return format_html("<code>{}</code>", manifest_bytes(obj).decode("utf-8"))

    @admin.display(description=_("kept until"))
    def retain_until_display(self, obj):
        until = obj.retain_until
        if until <= timezone.localdate():
            return format_html(
                "{} — {}", until.strftime("%d/%m/%Y"), _("period over: for a person to decide")
            )
        return until.strftime("%d/%m/%Y")

    def _open_hold(self, obj):
        return next((h for h in obj.holds.all() if h.released_at is None), None)

    @admin.display(description=_("legal hold"))
    def legal_hold_display(self, obj):
        hold = self._open_hold(obj)
        return format_html("<strong>{}</strong>: {}", _("On legal hold"), hold.reason) if hold else "—"

    @admin.display(description=_("place or release a legal hold"))
    def hold_link(self, obj):
        hold = self._open_hold(obj)
        if hold is not None:
            url = reverse("admin:tiepdan_bridge_archivehold_change", args=[hold.pk])
            return format_html('<a href="{}">{}</a>', url, _("Release the legal hold"))
        url = reverse("admin:tiepdan_bridge_archivehold_add") + f"?entry={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Place a legal hold"))


@admin.register(ArchiveAccessLog)
class ArchiveAccessLogAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("at", "user", "entry", "action")
    list_filter = ("action", "at")
    list_select_related = ("user", "entry")
    search_fields = ("entry__name", "entry__owner_ref", "user__username")
    date_hierarchy = "at"


class HoldForm(forms.ModelForm):
    class Meta:
        model = ArchiveHold
        fields = ("entry", "reason", "release_reason")


@admin.register(ArchiveHold)
class ArchiveHoldAdmin(ServiceSavingMixin, ScopedModelAdmin):
    """Place a hold (entry + reason) or release an open one (reason); both through services.archive."""

    form = HoldForm
    list_display = ("entry", "reason", "placed_by", "placed_at", "released_by", "released_at")
    list_filter = ("released_at",)
    list_select_related = ("entry", "placed_by", "released_by")
    search_fields = ("entry__name", "entry__owner_ref", "reason")

    def has_add_permission(self, request):
        return archive_service.can_hold(request.user)

    def has_change_permission(self, request, obj=None):
        if not archive_service.can_hold(request.user):
            return False
        return obj is None or obj.released_at is None

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("entry", "reason")
        return ("entry", "reason", "placed_by", "placed_at", "release_reason", "released_by", "released_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        ro = ("entry", "reason", "placed_by", "placed_at", "released_by", "released_at")
        return ro + (("release_reason",) if obj.released_at else ())

    def get_changeform_initial_data(self, request):
        return {"entry": request.GET.get("entry")}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "entry":
            kwargs["queryset"] = ArchiveEntry.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_through_service(self, request, obj, form, change):
        if change:
            return archive_service.release_hold(
                request.user, obj.entry, form.cleaned_data.get("release_reason")
            )
        return archive_service.place_hold(
            request.user, form.cleaned_data["entry"], form.cleaned_data["reason"]
        )
