"""“Xoá (ghi lý do)” in the back office (issue 12): Django's delete view and “delete selected” action are
gone for citizens, cases, sessions and directives; a page asks the reason and calls
services/deletion.py. `quan_tri` and `vp_ubnd` list the deleted rows and restore them (POST)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.widgets import UnfoldAdminTextareaWidget

from ..services import deletion
from ..services.errors import DomainError, Invalid
from .base import CapitalisedLabelsMixin, row_id


class DeletionReasonForm(CapitalisedLabelsMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason for deletion"),
        max_length=deletion.REASON_MAX_LENGTH,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Kept in the history with your name and the time. Write no citizen's name or identity number."
        ),
        error_messages={"required": gettext_lazy("Write the reason for the deletion.")},
    )


def _kind_links(current) -> list[dict]:
    """Tabs to the deleted rows of each soft-deletable kind (the models are registered by their modules)."""
    from django.apps import apps

    links = []
    for label in deletion.kinds():
        opts = apps.get_model(label)._meta
        links.append(
            {
                "name": opts.verbose_name_plural,
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted"),
                "current": opts.label_lower == current.label_lower,
            }
        )
    return links


class SoftDeleteAdminMixin:
    """Put first in the bases of a ScopedModelAdmin whose model is soft-deletable (models/deletion.py)."""

    change_form_before_template = "tiepdan_case/admin/soft_delete_bar.html"
    list_after_template = "tiepdan_case/admin/soft_delete_list_link.html"

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is erased: “Xoá (ghi lý do)” instead (soft_delete_view)

    def _url_name(self, suffix: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        own = [
            path(
                "da-xoa/", self.admin_site.admin_view(self.deleted_rows_view), name=self._url_name("deleted")
            ),
            path(
                "da-xoa/<str:object_id>/khoi-phuc/",
                self.admin_site.admin_view(self.restore_view),
                name=self._url_name("restore"),
            ),
            path(
                "<path:object_id>/xoa-ghi-ly-do/",
                self.admin_site.admin_view(self.soft_delete_view),
                name=self._url_name("soft_delete"),
            ),
        ]
        return own + super().get_urls()

    # ----- the links on the list and on the detail page -----

    def changelist_view(self, request, extra_context=None):
        extra = {}
        if deletion.can_restore(request.user):
            extra["soft_delete_list_url"] = reverse(f"admin:{self._url_name('deleted')}")
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {}
        pk = row_id(object_id)
        row = self.get_queryset(request).filter(pk=pk).first() if pk is not None else None
        if row is not None and deletion.may_delete(request.user, row):
            extra["soft_delete_url"] = reverse(f"admin:{self._url_name('soft_delete')}", args=[row.pk])
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    # ----- the pages -----

    def _page(self, request, template, context):
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.opts, **context},
        )

    def soft_delete_view(self, request, object_id):
        pk = row_id(object_id)
        row = self.get_queryset(request).filter(pk=pk).first() if pk is not None else None
        if row is None:
            raise Http404
        if not deletion.may_delete(request.user, row):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[row.pk])
        problems = deletion.delete_problems(request.user, row)
        form = DeletionReasonForm(request.POST or None)
        if request.method == "POST" and not problems and form.is_valid():
            try:
                deletion.soft_delete(row, reason=form.cleaned_data["reason"], actor=request.user)
            except Invalid as exc:
                form.add_error("reason" if "reason" in exc.fields else None, exc.message)
            except DomainError as exc:
                problems = [exc.message]
            else:
                messages.success(
                    request,
                    _("Deleted: %(row)s. The reason is kept in the history.")
                    % {"row": deletion.deleted_row_label(request.user, row)},
                )
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return self._page(
            request,
            "tiepdan_case/admin/soft_delete.html",
            {
                "title": _("Delete (with a reason)"),
                "row_label": deletion.deleted_row_label(request.user, row),
                "form": form,
                "problems": problems,
                "change_url": change_url,
            },
        )

    def deleted_rows_view(self, request):
        if not deletion.can_restore(request.user):
            raise PermissionDenied
        may_list = self.has_view_permission(request)  # quan_tri restores rows of lists it may not open
        rows = deletion.deleted_rows_for(request.user, self.model).select_related("deleted_by")
        page = Paginator(rows.order_by("-deleted_at", "-pk"), 50).get_page(request.GET.get("p"))
        return self._page(
            request,
            "tiepdan_case/admin/deleted_rows.html",
            {
                "title": _("Deleted: %(name)s") % {"name": self.opts.verbose_name_plural},
                "rows": [deletion.deleted_row_facts(request.user, row) for row in page],
                "page": page,
                "restore_url_name": f"admin:{self._url_name('restore')}",
                "kinds": _kind_links(self.opts),
                "changelist_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
                if may_list
                else "",
                "opts": self.opts if may_list else None,  # no header links (tabs) to a list it cannot open
            },
        )

    def restore_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pk = row_id(object_id)
        if pk is None:
            raise Http404
        try:
            deletion.restore(self.model(pk=pk), actor=request.user)
        except deletion.NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied from exc
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Restored: the record is back in the lists."))
        return redirect(f"admin:{self._url_name('deleted')}")
