from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import HORIZONTAL
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.widgets import (
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminSplitDateTimeWidget,
    UnfoldAdminTextInputWidget,
)

from addons.tiepdan_case.admin.base import ReadOnlyAdminMixin
from addons.tiepdan_case.services.errors import DomainError

from ..models import BridgeSite, CheckItem, SiteCheck, SiteCheckItem
from ..services import checks as check_service
from .base import ScopedModelAdmin, ServiceSavingMixin


class ConfirmLateForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class LateEntryFilter(admin.SimpleListFilter):
    title = _("late entry")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return (("late", _("Late entry, not confirmed")), ("confirmed", _("Late entry, confirmed")))

    def queryset(self, request, queryset):
        if self.value() not in ("late", "confirmed"):
            return queryset
        ids = [
            c.pk for c in queryset.prefetch_related("items") if check_service.late_status(c) == self.value()
        ]
        return queryset.filter(pk__in=ids)


def late_badge(status: str):
    if status == "late":
        return format_html(
            '<span class="text-red-600 font-semibold" title="{}">⚠ {}</span>',
            _("Entered more than 2 hours after its time: does not count for readiness until confirmed."),
            _("Late entry"),
        )
    if status == "confirmed":
        return format_html('<span class="text-orange-600">{}</span>', _("Late entry, confirmed"))
    return "—"


RESULT_CHOICES = (("", _("Not answered")), ("pass", _("Pass")), ("fail", _("Fail")))


class SiteCheckForm(forms.ModelForm):
    """The check and, for each of the five items, pass/fail and a note; the service decides who may."""

    class Meta:
        model = SiteCheck
        fields = ("site", "kind", "at", "note")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "at" in self.fields:
            widget = UnfoldAdminSplitDateTimeWidget()
            widget.widgets[1].format = "%H:%M"  # hours and minutes: the whole time fits its box
            self.fields["at"].widget = widget
        if "note" in self.fields:
            self.fields["note"].widget.attrs["rows"] = 2
        existing = {}
        if self.instance.pk:
            existing = {row.item: row for row in self.instance.items.all()}
        for item in CheckItem:
            row = existing.get(item.value)
            self.fields[f"{item.value}_result"] = forms.ChoiceField(
                label=item.label,
                choices=RESULT_CHOICES,
                required=False,
                widget=UnfoldAdminRadioSelectWidget(
                    radio_style=HORIZONTAL, attrs={"data-check-result": item.value}
                ),
                initial="" if row is None else ("pass" if row.passed else "fail"),
                help_text=_("Answered by %(agency)s") % {"agency": _agency_label(item.value)},
            )
            self.fields[f"{item.value}_note"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": item.label},
                required=False,
                initial=row.note if row else "",
                widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("What was tested, what failed")}),
            )

    def answers(self) -> dict:
        """{item: (passed, note)} for every item the form changed."""
        out = {}
        for item in CheckItem.values:
            result = self.cleaned_data.get(f"{item}_result")
            if not result:
                continue
            if f"{item}_result" in self.changed_data or f"{item}_note" in self.changed_data:
                out[item] = (result == "pass", self.cleaned_data.get(f"{item}_note", ""))
        return out

    def failing_items(self) -> list[str]:
        """The labels of the items this save answers "fail"."""
        return [str(CheckItem(item).label) for item, (passed, _note) in self.answers().items() if not passed]

    def clean(self):
        data = super().clean()
        site = data.get("site") or (self.instance.site if self.instance.pk else None)
        if site is None or self.user is None:
            return data
        for item, _answer in self.answers().items():
            if not check_service.can_answer_item(self.user, site, item):
                self.add_error(
                    f"{item}_result",
                    _("Your agency does not answer for “%(item)s” at this site.")
                    % {"item": CheckItem(item).label},
                )
        # Answers to a check in the future: the service refuses them (shown on the "at" field).
        return data


def failing_warning(labels) -> str:
    return _(
        "Not passed: %(items)s. The site shows “Not ready” on the readiness board at once, until a later "
        "check of the item passes."
    ) % {"items": ", ".join(labels)}


def _agency_label(item):
    names = {
        "so-khcn": _("Department of Science and Technology"),
        "dien-luc": _("Đồng Tháp Electricity"),
        "cong-an-tinh": _("Provincial Police"),
    }
    label = names[check_service.ITEM_AGENCY[item]]
    if item in check_service.COMMUNE_ITEMS:
        return _("%(agency)s or the commune of the site") % {"agency": label}
    return label


class SiteCheckItemInline(ReadOnlyAdminMixin, TabularInline):
    model = SiteCheckItem
    fields = ("item", "passed", "note", "answered_by", "answered_at", "late")
    readonly_fields = fields

    @admin.display(description=_("late entry"))
    def late(self, obj):
        return late_badge("late" if check_service.is_late_answer(obj) else "")

    extra = 0
    verbose_name_plural = _("Answers: who answered what, and when")


@admin.register(SiteCheck)
class SiteCheckAdmin(ServiceSavingMixin, ScopedModelAdmin):
    form = SiteCheckForm
    list_display = ("at", "site", "kind", "results", "late_entry", "created_by", "created_at")
    list_filter = ("kind", LateEntryFilter, "site__level", ("at", admin.DateFieldListFilter))
    list_select_related = ("site", "created_by", "late_confirmed_by")
    search_fields = ("site__name", "site__code")
    date_hierarchy = "at"
    inlines = (SiteCheckItemInline,)

    change_form_template = "tiepdan_bridge/admin/sitecheck_change_form.html"

    def render_change_form(self, request, context, *args, **kwargs):
        context["fail_warning_text"] = failing_warning(["{items}"])  # the form's script fills in the items
        return super().render_change_form(request, context, *args, **kwargs)

    def get_fieldsets(self, request, obj=None):
        main = (None, {"fields": ("site", "kind", "at", "note")})
        if obj is not None:
            late = (
                ("late_entry", "confirm_late_link")
                if check_service.can_confirm_late(request.user)
                else ("late_entry",)
            )
            main = (None, {"fields": ("site", ("kind", "at"), "created_at", late, "note")})
        if obj is not None and not self.has_change_permission(request, obj):
            return (main,)  # read only: the answers below show every item, with its label
        # One line each for the answer and its note: side by side they do not fit 1366 px (issue 8).
        items = [name for item in CheckItem.values for name in (f"{item}_result", f"{item}_note")]
        return (main, (_("Items"), {"fields": items}))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("site", "kind", "at", "created_at", "late_entry", "confirm_late_link")

    @admin.display(description=_("late entry"))
    def late_entry(self, obj):
        status = check_service.late_status(obj)
        badge = late_badge(status)
        if status == "confirmed":
            badge = format_html(
                "{} — {} ({}): {}",
                badge,
                obj.late_confirmed_by,
                timezone.localtime(obj.late_confirmed_at).strftime("%d/%m/%Y %H:%M"),
                obj.late_confirm_reason,
            )
        return badge

    @admin.display(description=_("confirmation"))
    def confirm_late_link(self, obj):
        if check_service.late_status(obj) != "late":
            return "—"
        url = reverse("admin:tiepdan_bridge_sitecheck_confirm_late", args=[obj.pk])
        return format_html('<a class="underline" href="{}">{}</a>', url, _("Confirm the late entry"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/confirm-late-entry/",
                self.admin_site.admin_view(self.confirm_late_view),
                name="tiepdan_bridge_sitecheck_confirm_late",
            ),
            *super().get_urls(),
        ]

    def confirm_late_view(self, request, pk):
        check = get_object_or_404(self.get_queryset(request), pk=pk)
        if not check_service.can_confirm_late(request.user):
            raise PermissionDenied
        change_url = reverse("admin:tiepdan_bridge_sitecheck_change", args=[check.pk])
        form = ConfirmLateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                check_service.confirm_late_entry(request.user, check, form.cleaned_data["reason"])
            except DomainError as exc:
                form.add_error("reason", str(exc))
            else:
                messages.success(request, _("The late entry is confirmed; it now counts for readiness."))
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Confirm a late-entered check"),
            "check": check,
            "form": form,
            "change_url": change_url,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "tiepdan_bridge/admin/confirm_late_entry.html", context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.pop("fields", None)
        form_class = super().get_form(
            request, obj, change=change, fields=("site", "kind", "at", "note") if obj is None else ("note",)
        )
        user = request.user

        class BoundForm(form_class):
            def __init__(self, *args, **kw):
                kw["user"] = user
                super().__init__(*args, **kw)

        return BoundForm

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            sites = BridgeSite.objects.visible_to(request.user).filter(is_active=True)
            kwargs["queryset"] = check_service.board_sites(request.user, sites)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or check_service.can_record_check(request.user, obj.site)

    def has_delete_permission(self, request, obj=None):
        return False  # the history of checks is evidence for readiness

    @admin.display(description=_("items"))
    def results(self, obj):
        rows = sorted(obj.items.all(), key=lambda r: check_service.ITEMS.index(r.item))
        if not rows:
            return "—"
        return format_html_join(
            " ",
            '<span class="{}" title="{}">{} {}</span>',
            (
                (
                    "text-green-700" if r.passed else "text-red-600 font-semibold",
                    r.note,
                    "✓" if r.passed else "✗",
                    r.get_item_display(),
                )
                for r in rows
            ),
        ) or format_html("—")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")

    def save_through_service(self, request, obj, form, change):
        answers = form.answers()
        if not change:
            saved = check_service.record_check(
                request.user,
                form.cleaned_data["site"],
                form.cleaned_data["kind"],
                form.cleaned_data["at"],
                form.cleaned_data.get("note", ""),
                answers=answers,
            )
        else:
            note = form.cleaned_data.get("note", "") if "note" in form.changed_data else None
            saved = check_service.update_check(request.user, obj, note=note, answers=answers)
        failing = form.failing_items()
        if failing:
            # Said again after the save (the form said it as the answer was chosen): the site is red now.
            messages.warning(request, failing_warning(failing))
        return saved

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()  # answers are shown once the check exists
