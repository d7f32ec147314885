"""“Register a group case”: the case and all its citizens on one page, saved in one transaction.

Citizens already registered (same identity paper) are reused, not duplicated. Every rule (identity
numbers, phones, the representatives rule) is checked before anything is saved, and on any error the
page comes back with everything the clerk typed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanWidget,
)

from ..choices import CaseType, Channel, Gender, IdType, ParticipantRole
from ..models import AdministrativeUnit
from ..services import cases as case_service
from ..services import citizens as citizen_service
from ..services.errors import DomainError
from ..validators import identity_errors, parse_phone, validate_birth_date
from .base import only_commune_role

MAX_CITIZENS = 30


class CapitalisedLabelsMixin:
    """Model verbose names are lower case; a form standing alone shows them as labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


class GroupCaseForm(CapitalisedLabelsMixin, forms.Form):
    case_type = forms.ChoiceField(label=_("type"), choices=CaseType.choices, widget=UnfoldAdminSelectWidget)
    title = forms.CharField(label=_("title"), max_length=255, widget=UnfoldAdminTextInputWidget)
    summary = forms.CharField(
        label=_("summary"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        help_text=_("What the citizens ask for, in a few sentences."),
    )
    unit = forms.ModelChoiceField(
        label=_("origin commune or ward"),
        queryset=AdministrativeUnit.objects.filter(kind__in=["xa", "phuong"]),
        widget=UnfoldAdminSelectWidget,
    )
    received_date = forms.DateField(
        label=_("received on"), widget=UnfoldAdminSingleDateWidget, initial=timezone.localdate
    )
    channel = forms.ChoiceField(
        label=_("channel"), choices=Channel.choices, initial=Channel.TRUC_TIEP, widget=UnfoldAdminSelectWidget
    )
    group_size = forms.IntegerField(
        label=_("number of people"),
        min_value=5,
        error_messages={"min_value": _("The number of people of a group case must be 5 or more.")},
        widget=UnfoldAdminIntegerFieldWidget,
        help_text=_("Everyone who raises the matter, also those not listed below (at least 5)."),
    )
    is_repeat = forms.BooleanField(
        label=_("repeated (not the first time)"), required=False, widget=UnfoldBooleanWidget
    )
    previous_handling = forms.CharField(
        label=_("bodies that already handled it"),
        required=False,
        help_text=_("Which bodies dealt with it, and how."),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if only_commune_role(user):
            del self.fields["unit"]  # a commune registers only its own cases


class GroupCitizenForm(CapitalisedLabelsMixin, forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=120, widget=UnfoldAdminTextInputWidget)
    id_type = forms.ChoiceField(
        label=_("identity paper"),
        choices=IdType.choices,
        initial=IdType.CAN_CUOC,
        widget=UnfoldAdminSelectWidget,
    )
    id_number = forms.CharField(
        label=_("identity number"),
        max_length=20,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("Căn cước: 12 digits; passport: one letter and 7 digits."),
    )
    date_of_birth = forms.DateField(
        label=_("date of birth"),
        required=False,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("dd/mm/yyyy")}),
    )
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices, widget=UnfoldAdminSelectWidget)
    phone = forms.CharField(
        label=_("phone"),
        required=False,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": "0912 345 678"}),
    )
    address = forms.CharField(label=_("address"), max_length=255, widget=UnfoldAdminTextInputWidget)
    role = forms.ChoiceField(
        label=_("role"),
        choices=ParticipantRole.choices,
        initial=ParticipantRole.THANH_VIEN,
        widget=UnfoldAdminSelectWidget,
        help_text=_("Representatives speak for the group, chosen in writing signed by all."),
    )

    def clean_id_number(self):
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def clean_phone(self):
        return parse_phone(self.cleaned_data.get("phone"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        self.existing = None
        if not data.get("id_number") or not data.get("id_type"):
            return data
        try:
            # Someone registered outside the user's scope is never joined to a new case (services/citizens).
            existing = citizen_service.find_registered(self.user, data["id_type"], data["id_number"])
        except DomainError as exc:
            self.add_error("id_number", str(exc.message))
            return data
        self.existing = existing
        if self.existing:
            return data  # the registered record is used as it is
        try:
            validate_birth_date(data.get("date_of_birth"))
        except ValidationError as exc:
            for message in exc.message_dict.get("date_of_birth", []):
                self.add_error("date_of_birth", message)
        for message in identity_errors(
            data["id_type"], data["id_number"], data.get("date_of_birth"), data.get("gender")
        ):
            self.add_error("id_number", message)
        return data


class BaseGroupCitizenFormSet(forms.BaseFormSet):
    def __init__(self, *args, group_form=None, **kwargs):
        self.group_form = group_form
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        seen = set()
        for row in rows:
            key = (row["id_type"], row["id_number"])
            if key in seen:
                raise ValidationError(
                    _("The identity number %(number)s is entered twice.") % {"number": row["id_number"]}
                )
            seen.add(key)
        size = None
        if self.group_form is not None and self.group_form.is_valid():
            size = self.group_form.cleaned_data["group_size"]
        if size is not None:
            errors = case_service.representatives_errors(size, [row["role"] for row in rows])
            if errors:
                raise ValidationError(errors)


GroupCitizenFormSet = forms.formset_factory(
    GroupCitizenForm,
    formset=BaseGroupCitizenFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_CITIZENS,
    validate_max=True,
)


def _save(user, group_form, formset):
    # No unit on a commune clerk's form: the services give the case and its citizens the clerk's commune
    # (and refuse, with a message, an account not linked to one).
    data = dict(group_form.cleaned_data)
    with transaction.atomic():
        participants = []
        for form in formset.forms:
            row = form.cleaned_data
            citizen = form.existing
            if citizen is None:
                citizen, _created = citizen_service.register_citizen(
                    user,
                    {
                        "full_name": row["full_name"].strip(),
                        "id_type": row["id_type"],
                        "id_number": row["id_number"],
                        "date_of_birth": row.get("date_of_birth"),
                        "gender": row["gender"],
                        "phone": row.get("phone") or "",
                        "address": row["address"].strip(),
                        "unit": data.get("unit"),
                    },
                )
            participants.append((citizen, row["role"], ""))
        data.setdefault("identity_protection", False)
        return case_service.create_case(user, data, participants)


def group_case_view(model_admin, request):
    user = request.user
    group_form = GroupCaseForm(request.POST or None, user=user, initial={"group_size": 5})
    formset = GroupCitizenFormSet(
        request.POST or None,
        prefix="citizens",
        group_form=group_form,
        form_kwargs={"user": user},
        initial=None if request.method == "POST" else [{"role": ParticipantRole.NGUOI_DAI_DIEN}],
    )
    if request.method == "POST":
        if group_form.is_valid() and formset.is_valid():
            try:
                case = _save(user, group_form, formset)
            except DomainError as exc:
                for field, field_errors in exc.fields.items():
                    for error in field_errors:
                        group_form.add_error(field if field in group_form.fields else None, error)
                if not exc.fields:
                    group_form.add_error(None, exc.message)
            else:
                reused = sum(1 for f in formset.forms if f.existing)
                message = _("Case %(code)s registered with %(count)d citizens.") % {
                    "code": case.code,
                    "count": len(formset.forms),
                }
                if reused:
                    message += " " + _("%(reused)d of them were already registered and were reused.") % {
                        "reused": reused
                    }
                messages.success(request, message)
                return redirect(reverse("admin:tiepdan_case_case_change", args=[case.pk]))
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Register a group case"),
        "group_form": group_form,
        "formset": formset,
        "changelist_url": reverse("admin:tiepdan_case_case_changelist"),
    }
    return TemplateResponse(request, "tiepdan_case/admin/group_case.html", context)
