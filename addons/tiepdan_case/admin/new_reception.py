"""“Tiếp công dân mới”: one page for a reception at the commune, saved as one case.

The clerk finds the citizen (căn cước or name, accents optional) or types them in, one row per person
(a group is just more rows: Enter adds the next, a list pasted from a spreadsheet or an .xlsx from the
offered template fills them), then records what they bring, the reception register row (Mẫu 03/TCD)
and the papers handed over (Mẫu 02/TCD). Nothing is saved until the whole page is correct; then the
citizens (registered ones are matched by identity paper, never duplicated), the case, the reception
and its papers are written in one transaction through the services.
"""

import datetime as dt
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanWidget,
)

from ..choices import (
    AUTHORISED_ROLES,
    ORGANISATION_REPRESENTATIVE,
    CaseType,
    Channel,
    Gender,
    HandlingDirection,
    IdType,
    ParticipantRole,
    ReceptionKind,
    RefusalGround,
)
from ..models import AdministrativeUnit, Case, CaseParticipant, Citizen, PaperKind, ReceivedPaper
from ..services import cases as case_service
from ..services import citizens as citizen_service
from ..services import receptions as reception_service
from ..services import uploads
from ..services.errors import DomainError
from ..services.search import search_citizens
from ..validators import (
    CENTURY_GENDER,
    VIET_NAM,
    format_phone,
    paper_errors,
    parse_phone,
    validate_birth_date,
)
from .base import CapitalisedLabelsMixin, only_commune_role, row_id

MAX_CITIZENS = 200
PEOPLE_COLUMNS = ("full_name", "id_number", "date_of_birth", "gender", "phone", "address")
# Optional columns after the address, in a pasted list and in the .xlsx template (issue 8): the paper's
# issue date and issuing body (Mẫu 01/02 print them), the passport's country, a birth registered abroad.
PAPER_COLUMNS = ("id_issued_on", "id_issued_place", "id_issuing_country", "born_abroad")
# The fields of a person's row shown under "Giấy tờ chi tiết" (the row stays one line until it is opened).
DETAIL_FIELDS = (*PAPER_COLUMNS, "authorization_document")
RULE_TEXT = _(
    "Luật Tiếp công dân, art. 29 (and Decree 154 art. 22.4): 5 to 10 people raising one matter choose 1 or "
    "2 representatives; more than 10 people may choose more, but never more than 5."
)


class CaseForm(CapitalisedLabelsMixin, forms.Form):
    case_type = forms.ChoiceField(label=_("type"), choices=CaseType.choices, widget=UnfoldAdminSelectWidget)
    title = forms.CharField(label=_("title"), max_length=255, widget=UnfoldAdminTextInputWidget)
    summary = forms.CharField(
        label=_("summary"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
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
        min_value=1,
        required=False,
        widget=UnfoldAdminIntegerFieldWidget,
        help_text=_("Everyone who raises the matter, also those not listed; empty: the people listed."),
    )
    identity_protection = forms.BooleanField(
        label=_("denouncer asks for protection measures"), required=False, widget=UnfoldBooleanWidget
    )
    # Luật TCD art. 1: an agency or organisation as the applicant, through the person representing it.
    organisation_name = forms.CharField(
        label=Case._meta.get_field("organisation_name").verbose_name,
        max_length=255,
        required=False,
        widget=UnfoldAdminTextInputWidget,
        help_text=Case._meta.get_field("organisation_name").help_text,
    )
    organisation_address = forms.CharField(
        label=Case._meta.get_field("organisation_address").verbose_name,
        max_length=255,
        required=False,
        widget=UnfoldAdminTextInputWidget,
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

    def clean(self):
        data = super().clean()
        if data.get("identity_protection") and data.get("case_type") != CaseType.TO_CAO:
            self.add_error("identity_protection", _("Identity protection applies only to denunciations."))
        # The case's own rules (an organisation never denounces and has an address; no future receipt
        # date), shown with the page's other errors instead of after them.
        case = Case(
            case_type=data.get("case_type") or "",
            received_date=data.get("received_date"),
            organisation_name=data.get("organisation_name") or "",
            organisation_address=data.get("organisation_address") or "",
        )
        try:
            case.clean()
        except ValidationError as exc:
            for field, field_errors in exc.message_dict.items():
                for error in field_errors:
                    self.add_error(field if field in self.fields else None, error)
        if "organisation_name" in data:
            data["organisation_name"] = case.organisation_name
            data["organisation_address"] = case.organisation_address
        return data


class ReceptionRowForm(CapitalisedLabelsMixin, forms.Form):
    """The row of the reception register (sổ tiếp công dân, Mẫu 03/TCD)."""

    received_at = forms.DateTimeField(
        label=_("received at"),
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("dd/mm/yyyy hh:mm")}),
    )
    place = forms.CharField(label=_("place"), max_length=255, widget=UnfoldAdminTextInputWidget)
    kind = forms.ChoiceField(
        label=_("kind of reception"),
        choices=ReceptionKind.choices,
        initial=ReceptionKind.THUONG_XUYEN,
        widget=UnfoldAdminSelectWidget,
    )
    received_by = forms.CharField(label=_("received by"), max_length=120, widget=UnfoldAdminTextInputWidget)
    by_head = forms.BooleanField(
        label=_("received by the head in person"), required=False, widget=UnfoldBooleanWidget
    )
    direction = forms.ChoiceField(
        label=_("handling direction"),
        choices=HandlingDirection.choices,
        initial=HandlingDirection.THU_LY,
        widget=UnfoldAdminSelectWidget,
    )
    guided_to = forms.CharField(
        label=_("guided or forwarded to"), max_length=255, required=False, widget=UnfoldAdminTextInputWidget
    )
    document_number = forms.CharField(
        label=_("guidance or transfer letter number"),
        max_length=60,
        required=False,
        widget=UnfoldAdminTextInputWidget,
    )
    refusal_ground = forms.ChoiceField(
        label=_("refusal ground"),
        choices=[("", "---------"), *RefusalGround.choices],
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 2})
    )

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationError(_("The reception cannot be later than now."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("direction") == HandlingDirection.TU_CHOI and not data.get("refusal_ground"):
            self.add_error("refusal_ground", _("A refusal needs its legal ground."))
        if data.get("direction") in (
            HandlingDirection.HUONG_DAN,
            HandlingDirection.CHUYEN_DON,
        ) and not data.get("guided_to"):
            self.add_error("guided_to", _("Name the body the citizen was guided or forwarded to."))
        return data


class PaperForm(CapitalisedLabelsMixin, forms.Form):
    name = forms.CharField(label=_("paper"), max_length=255, widget=UnfoldAdminTextInputWidget)
    pages = forms.IntegerField(
        label=_("pages"), min_value=1, required=False, widget=UnfoldAdminIntegerFieldWidget
    )
    condition = forms.CharField(
        label=_("condition"),
        max_length=120,
        required=False,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("intact")}),
    )
    kind = forms.ChoiceField(
        label=_("original or copy"),
        choices=PaperKind.choices,
        initial=PaperKind.COPY,
        widget=UnfoldAdminSelectWidget,
    )
    copies = forms.IntegerField(
        label=_("copies"), min_value=1, initial=1, widget=UnfoldAdminIntegerFieldWidget
    )


class PersonForm(CapitalisedLabelsMixin, forms.Form):
    """One person who came: found by identity paper when already registered, else registered here.
    One line per person: the column headers carry the labels, so the fields have no help text."""

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
    )
    # The paper's details (issue 7's citizen fields), under the row's "Giấy tờ chi tiết".
    id_issued_on = forms.DateField(
        label=Citizen._meta.get_field("id_issued_on").verbose_name,
        required=False,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": _("dd/mm/yyyy")}),
    )
    id_issued_place = forms.CharField(
        label=Citizen._meta.get_field("id_issued_place").verbose_name,
        max_length=160,
        required=False,
        widget=UnfoldAdminTextInputWidget,
    )
    id_issuing_country = forms.CharField(
        label=Citizen._meta.get_field("id_issuing_country").verbose_name,
        max_length=20,  # a longer entry is told the two-letter rule by validators.paper_errors
        required=False,
        initial=VIET_NAM,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": "VN", "size": 4}),
    )
    born_abroad = forms.BooleanField(
        label=Citizen._meta.get_field("born_abroad").verbose_name, required=False, widget=UnfoldBooleanWidget
    )
    authorization_document = forms.CharField(
        label=_("authorisation or representation paper"),
        max_length=255,
        required=False,
        widget=UnfoldAdminTextInputWidget(
            attrs={"placeholder": _("For a proxy, a lawyer or an organisation's representative")}
        ),
    )

    def main_fields(self):
        return [self[name] for name in self.fields if name not in DETAIL_FIELDS]

    def detail_fields(self):
        return [self[name] for name in DETAIL_FIELDS]

    def details_open(self) -> bool:
        """Open the row's details when something is in them, or wrong, or its role needs a paper."""
        if any(self[name].errors for name in DETAIL_FIELDS):
            return True
        values = {name: self[name].value() for name in (*DETAIL_FIELDS, "role")}
        return bool(
            values["id_issued_on"]
            or values["id_issued_place"]
            or values["authorization_document"]
            or values["born_abroad"] is True
            or (values["id_issuing_country"] or VIET_NAM).strip().upper() != VIET_NAM
            or values["role"] in (*AUTHORISED_ROLES, ORGANISATION_REPRESENTATIVE)
        )

    def clean_id_issuing_country(self):
        return (self.cleaned_data.get("id_issuing_country") or "").strip().upper()

    def clean_authorization_document(self):
        return (self.cleaned_data.get("authorization_document") or "").strip()

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
        self.completes = {}  # paper details a registered record lacks and the clerk typed
        if data.get("role"):
            # A proxy, a lawyer and an organisation's representative show their paper: the model's rule.
            try:
                CaseParticipant(
                    role=data["role"], authorization_document=data.get("authorization_document") or ""
                ).validate_constraints(exclude={"case", "citizen"})
            except ValidationError as exc:
                for message in exc.messages:
                    self.add_error("authorization_document", message)
        if not data.get("id_number") or not data.get("id_type"):
            return data
        country = data.get("id_issuing_country")
        if not country and data["id_type"] != IdType.HO_CHIEU:
            country = VIET_NAM  # only a passport may come from elsewhere
        data["id_issuing_country"] = country or ""
        try:
            # Someone registered outside the user's scope is never joined to a new case (services/citizens);
            # a passport is matched with its issuing country.
            existing = citizen_service.find_registered(
                self.user, data["id_type"], data["id_number"], data["id_issuing_country"]
            )
        except DomainError as exc:
            self.add_error("id_number", str(exc.message))
            return data
        self.existing = existing
        self.completes = {}
        if self.existing:
            # The registered record is used as it is; what it lacks of the paper (issue date, issuing
            # body) and the clerk typed is added to it, checked against the record by the same rule.
            self.completes = {
                name: data[name]
                for name in ("id_issued_on", "id_issued_place")
                if data.get(name) and not getattr(existing, name)
            }
            if self.completes.get("id_issued_on"):
                errors = paper_errors(
                    existing.id_type,
                    existing.id_number,
                    existing.date_of_birth,
                    existing.gender,
                    born_abroad=existing.born_abroad,
                    issuing_country=existing.id_issuing_country,
                    issued_on=self.completes["id_issued_on"],
                )
                for message in errors.get("id_issued_on", []):
                    self.add_error("id_issued_on", message)
            return data
        try:
            validate_birth_date(data.get("date_of_birth"))
        except ValidationError as exc:
            for message in exc.message_dict.get("date_of_birth", []):
                self.add_error("date_of_birth", message)
        # The one check of an identity paper, as the citizen form, the API and the model run it.
        errors = paper_errors(
            data["id_type"],
            data["id_number"],
            data.get("date_of_birth"),
            data.get("gender"),
            born_abroad=bool(data.get("born_abroad")),
            issuing_country=country or "",
            issued_on=data.get("id_issued_on"),
        )
        for field, field_errors in errors.items():
            for message in field_errors:
                self.add_error(field, message)
        return data


class BasePeopleFormSet(forms.BaseFormSet):
    def __init__(self, *args, case_form=None, **kwargs):
        self.case_form = case_form
        super().__init__(*args, **kwargs)

    def filled(self):
        return [
            f for f in self.forms if f.has_changed() or f.is_bound and f.data.get(f.add_prefix("full_name"))
        ]

    def clean(self):
        if any(self.errors):
            return
        rows = [f for f in self.forms if f.cleaned_data]
        seen = {}
        for form in rows:
            key = citizen_service.identity_key(
                form.cleaned_data["id_type"],
                form.cleaned_data["id_number"],
                form.cleaned_data.get("id_issuing_country", ""),
            )
            if key in seen:
                form.add_error(
                    "id_number", _("Entered twice (also on row %(row)d).") % {"row": seen[key] + 1}
                )
            seen.setdefault(key, self.forms.index(form))
        size = people_count(self.case_form, len(rows))
        errors = case_service.representatives_errors(size, [f.cleaned_data["role"] for f in rows])
        if errors:
            reps = [f for f in rows if f.cleaned_data["role"] == ParticipantRole.NGUOI_DAI_DIEN]
            concerned = reps if len(reps) > 2 else rows[:1] if rows else []
            for form in concerned:
                form.add_error("role", _("See the representatives rule above."))
            raise ValidationError(errors)


PeopleFormSet = forms.formset_factory(
    PersonForm,
    formset=BasePeopleFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_CITIZENS,
    validate_max=True,
)
PaperFormSet = forms.formset_factory(PaperForm, extra=0, max_num=100)


def people_count(case_form, listed: int) -> int:
    size = None
    if case_form is not None and hasattr(case_form, "cleaned_data"):
        size = case_form.cleaned_data.get("group_size")
    return size or listed


# ----- paste and .xlsx -----

GENDER_WORDS = {"nam": Gender.NAM, "male": Gender.NAM, "nu": Gender.NU, "nữ": Gender.NU, "female": Gender.NU}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _gender_from_number(number: str) -> str:
    """The 4th digit of a căn cước number carries the gender (TT 07/2016/TT-BCA art. 7)."""
    if len(number) == 12 and number.isdigit():
        return CENTURY_GENDER[number[3]][1]
    return ""


YES_WORDS = {"co", "có", "x", "1", "yes", "true", "c"}


def parse_people(lines) -> list[dict]:
    """Rows of (name, căn cước, date of birth, gender, phone, address[, issued on, issued by, issuing
    country, born abroad]) → initial data of person rows. A header row (no digit in the identity column)
    is skipped. A number with letters is a passport; a country other than VN makes it a foreign one."""
    people = []
    width = len(PEOPLE_COLUMNS) + len(PAPER_COLUMNS)
    for cells in lines:
        cells = [_cell(c) for c in cells] + [""] * width
        name, number, born, gender, phone, address, issued_on, issued_by, country, abroad = cells[:width]
        if not name and not number:
            continue
        if number and not any(ch.isdigit() for ch in number):
            continue  # the header
        country = country.strip().upper() or VIET_NAM
        passport = not number.isdigit() or country != VIET_NAM
        if not passport and len(number) < 12:
            number = number.zfill(12)  # a spreadsheet drops the leading zero of a căn cước number
        if phone.isdigit() and not phone.startswith("0") and len(phone) == 9:
            phone = "0" + phone
        people.append(
            {
                "full_name": name,
                "id_type": IdType.HO_CHIEU if passport else IdType.CAN_CUOC,
                "id_number": number,
                "date_of_birth": born,
                "gender": GENDER_WORDS.get(gender.strip().lower()) or _gender_from_number(number),
                "phone": phone,
                "address": address,
                "id_issued_on": issued_on,
                "id_issued_place": issued_by,
                "id_issuing_country": country,
                "born_abroad": abroad.strip().lower() in YES_WORDS,
                "role": ParticipantRole.THANH_VIEN,
            }
        )
    return people


def parse_pasted(text: str) -> list[dict]:
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        rows.append(line.split("\t") if "\t" in line else line.split(";"))
    return parse_people(rows)


PEOPLE_XLSX_MAX_BYTES = 2 * 1024 * 1024  # a list of people, not a document: a zip bomb stops here


def parse_xlsx(upload) -> list[dict]:
    from openpyxl import load_workbook

    try:
        uploads.check_upload(upload, kinds=("xlsx",), field="xlsx", max_bytes=PEOPLE_XLSX_MAX_BYTES)
    except DomainError as exc:
        raise ValidationError(exc.message) from exc
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # not a workbook: the clerk is told, nothing else happens
        raise ValidationError(
            _("This file is not an Excel workbook (.xlsx) made from the template.")
        ) from exc
    sheet = workbook.worksheets[0]
    return parse_people(list(sheet.iter_rows(values_only=True)))


def template_xlsx() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(gettext("People"))
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True})
    headers = [
        gettext("Full name"),
        gettext("Căn cước or passport number"),
        gettext("Date of birth (dd/mm/yyyy)"),
        gettext("Gender (Nam/Nữ)"),
        gettext("Phone"),
        gettext("Address"),
        gettext("Paper issued on (dd/mm/yyyy)"),
        gettext("Paper issued by"),
        gettext("Issuing country (VN, US, KR…)"),
        gettext("Birth registered abroad (Có/Không)"),
    ]
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header, bold)
        sheet.set_column(column, column, 28 if column in (0, 5, 7) else 18, text)
    workbook.close()
    return buffer.getvalue()


def _posted_people(request, prefix="people") -> list[dict]:
    """The rows already on the page (as typed), without the empty ones."""
    try:
        total = int(request.POST.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    rows = []
    for index in range(min(total, MAX_CITIZENS)):
        row = {
            name: request.POST.get(f"{prefix}-{index}-{name}", "")
            for name in (*PEOPLE_COLUMNS, *DETAIL_FIELDS, "id_type", "role")
        }
        row["born_abroad"] = bool(row["born_abroad"])  # a ticked box posts "on"
        if row["full_name"].strip() or row["id_number"].strip():
            rows.append(row)
    return rows


# ----- the page -----


def _initial_reception(user) -> dict:
    commune = getattr(getattr(user, "profile", None), "unit", None)
    return {
        "received_at": timezone.localtime().replace(second=0, microsecond=0).strftime("%d/%m/%Y %H:%M"),
        "place": gettext("Reception point, People's Committee of %(unit)s") % {"unit": commune}
        if commune
        else "",
        "received_by": user.get_full_name() or user.username,
    }


def _paper_details(citizen) -> dict:
    return {
        "id_issued_on": citizen.id_issued_on.strftime("%d/%m/%Y") if citizen.id_issued_on else "",
        "id_issued_place": citizen.id_issued_place,
        "id_issuing_country": citizen.id_issuing_country or VIET_NAM,
        "born_abroad": citizen.born_abroad,
    }


def _initial_person(user, request) -> list[dict]:
    citizen_id = row_id(request.GET.get("citizen"))
    if citizen_id is not None:
        citizen = Citizen.objects.visible_to(user).filter(pk=citizen_id).first()
        if citizen is not None:
            return [
                {
                    "full_name": citizen.full_name,
                    "id_type": citizen.id_type,
                    "id_number": citizen.id_number,
                    "date_of_birth": citizen.date_of_birth.strftime("%d/%m/%Y")
                    if citizen.date_of_birth
                    else "",
                    "gender": citizen.gender,
                    "phone": format_phone(citizen.phone),
                    "address": citizen.address,
                    **_paper_details(citizen),
                    "role": ParticipantRole.NGUOI_DUNG_DON,
                }
            ]
    return [{"role": ParticipantRole.NGUOI_DUNG_DON}]


def _save(user, case_form, people, reception_form, papers):
    data = dict(case_form.cleaned_data)
    rows = [f for f in people.forms if f.cleaned_data]
    data["group_size"] = people_count(case_form, len(rows))
    with transaction.atomic():
        participants = []
        for form in rows:
            row = form.cleaned_data
            citizen = form.existing
            if citizen is not None and form.completes:
                citizen = citizen_service.update_citizen(user, citizen, form.completes)
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
                        "id_issued_on": row.get("id_issued_on"),
                        "id_issued_place": (row.get("id_issued_place") or "").strip(),
                        "id_issuing_country": row.get("id_issuing_country") or VIET_NAM,
                        "born_abroad": bool(row.get("born_abroad")),
                        "unit": data.get("unit"),
                    },
                )
            participants.append((citizen, row["role"], row.get("authorization_document") or ""))
        case = case_service.create_case(user, data, participants)
        reception = reception_service.record_reception(
            user, case, {**reception_form.cleaned_data, "people_count": data["group_size"]}
        )
        for form in papers.forms:
            paper = form.cleaned_data
            if paper and paper.get("name"):
                ReceivedPaper.objects.create(reception=reception, **paper)
        return case, sum(1 for f in rows if f.existing)


def new_reception_view(model_admin, request):
    user = request.user
    post = request.POST if request.method == "POST" else None
    importing = post is not None and ("_import" in post or "_add_row" in post)
    case_form = CaseForm(None if importing else post, user=user, initial=None if post else {})
    reception_form = ReceptionRowForm(None if importing else post, initial=_initial_reception(user))
    papers = PaperFormSet(None if importing else post, prefix="papers")
    import_errors = []
    if importing:
        # Bring pasted or uploaded people into the rows; nothing is saved yet.
        people_rows = _posted_people(request)
        try:
            added = parse_pasted(post.get("paste", ""))
            if request.FILES.get("xlsx"):
                added += parse_xlsx(request.FILES["xlsx"])
        except ValidationError as exc:
            added = []
            import_errors = exc.messages
        if "_add_row" in post:
            added.append({"role": ParticipantRole.THANH_VIEN})
        existing_numbers = {r["id_number"] for r in people_rows if r["id_number"]}
        people_rows += [r for r in added if not r.get("id_number") or r["id_number"] not in existing_numbers]
        people = PeopleFormSet(prefix="people", initial=people_rows or None, form_kwargs={"user": user})
        case_form = CaseForm(user=user, initial={k: post.get(k) for k in CaseForm.base_fields if post.get(k)})
        reception_form = ReceptionRowForm(
            initial={
                **_initial_reception(user),
                **{k: post.get(k) for k in ReceptionRowForm.base_fields if post.get(k)},
            }
        )
        if added:
            messages.info(
                request,
                gettext("%(count)d people added to the list; check them, then save.") % {"count": len(added)},
            )
    else:
        people = PeopleFormSet(
            post,
            prefix="people",
            case_form=case_form,
            form_kwargs={"user": user},
            initial=None if post else _initial_person(user, request),
        )
    if post is not None and not importing:
        valid = case_form.is_valid() & reception_form.is_valid() & papers.is_valid()
        valid = people.is_valid() and valid
        if valid:
            try:
                case, reused = _save(user, case_form, people, reception_form, papers)
            except DomainError as exc:
                for field, field_errors in exc.fields.items():
                    for error in field_errors:
                        target = (
                            case_form
                            if field in case_form.fields
                            else reception_form
                            if field in reception_form.fields
                            else None
                        )
                        (target or case_form).add_error(field if target else None, error)
                if not exc.fields:
                    case_form.add_error(None, exc.message)
            else:
                message = gettext("Case %(code)s saved with its reception and %(count)d citizens.") % {
                    "code": case.code,
                    "count": len([f for f in people.forms if f.cleaned_data]),
                }
                if reused:
                    message += " " + gettext(
                        "%(reused)d of them were already registered and were reused."
                    ) % {"reused": reused}
                messages.success(request, message)
                return redirect(reverse("admin:tiepdan_case_case_change", args=[case.pk]))
        messages.error(request, gettext("Please correct the errors below; nothing has been saved yet."))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("New citizen reception"),
        "case_form": case_form,
        "reception_form": reception_form,
        "people": people,
        "papers": papers,
        "import_errors": import_errors,
        "rule_text": RULE_TEXT,
        "commune_only": only_commune_role(user),
        "find_url": reverse("admin:tiepdan_case_case_reception_find"),
        "template_url": reverse("admin:tiepdan_case_case_reception_template"),
        "changelist_url": reverse("admin:tiepdan_case_case_changelist"),
    }
    return TemplateResponse(request, "tiepdan_case/admin/new_reception.html", context)


def find_citizen_view(model_admin, request):
    """Registered citizens this user may reach, by name or identity number (accents optional)."""
    text = (request.GET.get("q") or "").strip()
    if len(text) < 2:
        return JsonResponse({"results": []})
    found = search_citizens(Citizen.objects.visible_to(request.user), text).order_by("full_name")[:10]
    return JsonResponse(
        {
            "results": [
                {
                    "full_name": c.full_name,
                    "id_type": c.id_type,
                    "id_number": c.id_number,
                    "date_of_birth": c.date_of_birth.strftime("%d/%m/%Y") if c.date_of_birth else "",
                    "gender": c.gender,
                    "phone": format_phone(c.phone),
                    "address": c.address,
                    **_paper_details(c),
                }
                for c in found
            ]
        }
    )


def template_view(model_admin, request):
    response = HttpResponse(
        template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="danh-sach-cong-dan.xlsx"'
    return response
