"""Back office for issued documents: the list (scoped), a one-click issue for what is waiting, the kept
file for download (a re-print is the same bytes), a corrected issue with a new number."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from addons.tiepdan_case.admin.base import ScopedModelAdmin
from addons.tiepdan_case.models import AdministrativeUnit, Case, Reception
from addons.tiepdan_case.services.errors import DomainError
from addons.tiepdan_session.models import Invitation, ReceptionSession, SessionAgency

from .models import DocumentKind, IssuedDocument
from .services import documents as service
from .services.pending import pending_documents

SESSION_SUBJECTS = {
    DocumentKind.SCHEDULE_NOTICE: ReceptionSession,
    DocumentKind.INVITATION: Invitation,
    DocumentKind.AGENCY_INVITATION: SessionAgency,
    DocumentKind.COMMUNE_INVITATIONS: ReceptionSession,
    DocumentKind.MINUTES: ReceptionSession,
    DocumentKind.CONCLUSIONS: ReceptionSession,
}


def subject_model(kind):
    """The model a document of `kind` is issued about (None: no such document)."""
    if kind in SESSION_SUBJECTS:
        return SESSION_SUBJECTS[kind]
    spec = service.KINDS.get(kind)
    if spec is None:
        return None
    return Reception if spec.subject == "reception" else Case


def subject_of(document: IssuedDocument):
    """What a kept document was issued about (a corrected issue is about the same)."""
    return (
        document.invitation
        or document.session_agency
        or document.session
        or document.reception
        or document.case
    )


def pdf_response(document: IssuedDocument) -> HttpResponse:
    response = HttpResponse(service.stored_bytes(document), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    return response


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ScopedModelAdmin):
    list_display = (
        "reference_display",
        "title",
        "subject_display",
        "issued_on",
        "signature_display",
        "current",
        "download",
    )
    list_filter = ("kind", "signed", "issued_on")
    list_select_related = ("case", "session", "replaced_by")
    search_fields = ("code", "case__code", "session__code")
    fields = (
        "kind",
        "reference_display",
        "title",
        "issuer",
        "issued_on",
        "case",
        "session",
        "signature_display",
        "replaces",
        "current",
        "sha256",
        "size",
        "issued_by",
        "download",
    )
    readonly_fields = fields
    list_before_template = "tiepdan_report/admin/document_list_before.html"
    change_form_after_template = "tiepdan_report/admin/document_actions.html"

    def has_add_permission(self, request):
        return False  # documents are issued from the data, by the one-click buttons

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("number"))
    def reference_display(self, obj):
        return obj.reference or "—"

    @admin.display(description=_("about"))
    def subject_display(self, obj):
        parts = [p.code for p in (obj.session, obj.case) if p is not None]
        return " — ".join(parts) or "—"

    @admin.display(description=_("digital signature"))
    def signature_display(self, obj):
        if obj.signed:
            return format_html('<span class="text-green-700">{}</span>', _("Digitally signed"))
        return format_html('<span class="text-orange-700 font-semibold">{}</span>', _("Not digitally signed"))

    @admin.display(description=_("status"))
    def current(self, obj):
        replaced_by = getattr(obj, "replaced_by", None)
        if replaced_by is None:
            return _("In force")
        return _("Replaced by %(ref)s") % {"ref": replaced_by.reference or replaced_by.title}

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:tiepdan_report_issueddocument_download", args=[obj.pk])
        return format_html('<a href="{}" class="underline">{}</a>', url, _("Download PDF"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "pending": pending_documents(request.user)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("exports/", view(self.exports_view), name="tiepdan_report_exports"),
            path(
                "<int:pk>/download/", view(self.download_view), name="tiepdan_report_issueddocument_download"
            ),
            path("<int:pk>/reissue/", view(self.reissue_view), name="tiepdan_report_issueddocument_reissue"),
            path(
                "issue/<str:kind>/<int:object_id>/",
                view(self.issue_view),
                name="tiepdan_report_issueddocument_issue",
            ),
            *super().get_urls(),
        ]

    def exports_view(self, request):
        from django.conf import settings
        from django.template.response import TemplateResponse
        from django.utils import timezone

        from .exports.periods import PERIODS

        can_register = request.user.has_perm("tiepdan_case.view_reception")
        can_statistics = request.user.has_perm("tiepdan_report.export_statistics")
        if not (can_register or can_statistics):
            raise Http404
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Registers and statistics"),
            "can_register": can_register,
            "can_statistics": can_statistics,
            "default_from": today.replace(day=1),
            "default_to": today,
            "year": today.year,
            "cutoff": settings.STATISTICS_CUTOFF_DAY,
            "periods": [(code, name) for code, (name, _first, _last) in PERIODS.items()],
            "statistics": [
                (
                    "bieu-01",
                    "report-form01",
                    _("Form 01/TCD: results of regular, periodic and ad hoc reception"),
                ),
                (
                    "bieu-02",
                    "report-form02",
                    _("Form 02/TCD: classification and handling of petitions at reception"),
                ),
            ],
        }
        return TemplateResponse(request, "tiepdan_report/admin/exports.html", context)

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        document = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            return pdf_response(document)
        except DomainError as exc:
            return HttpResponse(str(exc.message), status=exc.status, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _issue(request, kind, case, replaces=None, unit=None):
        try:
            document = service.issue_document(
                request.user,
                kind,
                case,
                replaces=replaces,
                unit=unit,
                signer_name=request.POST.get("signer_name", "").strip()[:120],
            )
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            messages.error(request, str(exc.message))
            if kind in SESSION_SUBJECTS:  # back to the session's page, where the buttons are
                session_id = getattr(case, "session_id", None) or case.pk
                return redirect("admin:tiepdan_session_receptionsession_change", session_id)
            return redirect("admin:tiepdan_report_issueddocument_changelist")
        messages.success(
            request, _("Issued: %(title)s %(ref)s") % {"title": document.title, "ref": document.reference}
        )
        return redirect("admin:tiepdan_report_issueddocument_change", document.pk)

    def issue_view(self, request, kind, object_id):
        if request.method != "POST":
            return require_POST(lambda r: None)(request)
        model = subject_model(kind)
        if model is None:
            raise Http404
        subject = get_object_or_404(model.objects.visible_to(request.user), pk=object_id)
        unit = None
        if kind == DocumentKind.COMMUNE_INVITATIONS:
            unit_id = request.POST.get("unit", "")
            unit = AdministrativeUnit.objects.filter(pk=unit_id).first() if unit_id.isdigit() else None
        return self._issue(request, kind, subject, unit=unit)

    def reissue_view(self, request, pk):
        if request.method != "POST":
            return require_POST(lambda r: None)(request)
        old = get_object_or_404(
            self.get_queryset(request).select_related(
                "case", "reception", "session", "invitation", "session_agency", "unit"
            ),
            pk=pk,
        )
        return self._issue(request, old.kind, subject_of(old), replaces=old, unit=old.unit)
