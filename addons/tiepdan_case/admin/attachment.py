"""Case documents: upload with type and size checks; download only through the permission-checking view."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminFileFieldWidget

from ..models import Case, CaseAttachment
from ..scoping import shielded_case_q
from ..services import attachments as attachment_service
from ..services import uploads
from ..services.errors import DomainError
from .base import ScopedModelAdmin, row_id


class AttachmentForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("file"),
        widget=UnfoldAdminFileFieldWidget,
        help_text=_("PDF, JPG, PNG, DOCX or XLSX; at most %(mb)s MB."),
    )

    class Meta:
        model = CaseAttachment
        fields = ("case", "description", "redacted_name")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        try:
            uploads.check_upload(upload)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


@admin.register(CaseAttachment)
class CaseAttachmentAdmin(ScopedModelAdmin):
    form = AttachmentForm
    list_display = ("original_name", "case", "description", "size_kb", "uploaded_at", "download")
    list_select_related = ("case",)
    search_fields = ("original_name", "case__search_text")
    autocomplete_fields = ("case",)
    readonly_fields = (
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "download",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        from django.conf import settings

        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["upload"].help_text = _("PDF, JPG, PNG, DOCX or XLSX; at most %(mb)s MB.") % {
            "mb": f"{settings.ATTACHMENT_MAX_BYTES / 1024 / 1024:.0f}"
        }
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("case", "upload", "description", "redacted_name")
        return (
            "case",
            "original_name",
            "description",
            "redacted_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download",
        )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else (*self.readonly_fields, "case")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        case_id = row_id(request.GET.get("case"))
        if case_id is not None:
            initial["case"] = case_id
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            # Only cases whose documents this user may see (a protected denouncer's: handlers only).
            kwargs["queryset"] = Case.objects.visible_to(request.user).exclude(shielded_case_q(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        attachment = attachment_service.add_attachment(
            request.user,
            form.cleaned_data["case"],
            form.cleaned_data["upload"],
            form.cleaned_data.get("description", ""),
            form.cleaned_data.get("redacted_name", ""),
        )
        obj.pk = attachment.pk
        obj.refresh_from_db()
        obj._state.adding = False

    @admin.display(description=_("size (KB)"), ordering="size")
    def size_kb(self, obj):
        return f"{obj.size / 1024:.0f}"

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return ""
        url = reverse("tiepdan_case:attachment_download", args=[obj.pk])
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>', url, _("Download"))
