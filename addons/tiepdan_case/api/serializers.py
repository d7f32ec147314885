"""What the API reads and writes. Writing goes through services/ (the same rules as the back office);
reading masks a protected denouncer's identity for everyone who is not a handler of the case."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import CaseType, Eligibility, IdType, ParticipantRole, RefusalGround, UnitKind
from ..models import AdministrativeUnit, Agency, Case, Citizen, Reception
from ..scoping import is_commune_clerk
from ..services import case_workflow, deadlines, identity, refusals
from ..services.cases import create_case, is_outcome_overdue, set_participants, update_case
from ..services.citizens import commune_unit, update_citizen
from ..services.errors import Invalid
from ..validators import VIET_NAM, paper_errors, parse_phone, validate_birth_date
from .errors import django_validation_fields
from .fields import BoundedDateField

COMMUNE_KINDS = (UnitKind.XA, UnitKind.PHUONG)
MAX_GROUP_SIZE = 100_000  # far above any real group; keeps absurd numbers out of the database


# --- reference data -----------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "kind", "parent", "is_active"]


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "short_name", "kind", "parent", "unit", "is_active"]


# --- fields -------------------------------------------------------------------------------------


class CommuneField(serializers.SlugRelatedField):
    """A commune or ward, written and read as its official code (e.g. "28261")."""

    default_error_messages = {
        "does_not_exist": _("No commune or ward has the code “{value}”."),
        "invalid": _("Give the commune or ward as its official code, for example 28261."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", AdministrativeUnit.objects.filter(kind__in=COMMUNE_KINDS))
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int)) or len(str(data)) > 10:
            self.fail("invalid")
        return super().to_internal_value(str(data).strip())


class PhoneField(serializers.CharField):
    """A Vietnamese phone number in any common spelling in, E.164 out (+84912345678)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        raw = super().to_internal_value(data)
        try:
            return parse_phone(raw) or ""
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def to_representation(self, value):
        return str(value) if value else ""


class VisibleCitizenField(serializers.PrimaryKeyRelatedField):
    """A citizen id, among the citizens the requesting user may see."""

    default_error_messages = {
        "does_not_exist": _("No citizen with id {pk_value} is visible to you."),
        "incorrect_type": _("A citizen is given by their numeric id."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Citizen.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return Citizen.objects.visible_to(request.user if request else None)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not str(data).isdigit() or len(str(data)) > 18:
            self.fail("does_not_exist", pk_value=str(data)[:20])
        return super().to_internal_value(int(data))


# --- citizens -----------------------------------------------------------------------------------


class CitizenSerializer(serializers.ModelSerializer):
    phone = PhoneField(help_text="Số điện thoại; trả về dạng E.164, ví dụ +84912345678.")
    unit = CommuneField(required=False, help_text="Mã xã, phường nơi cư trú (ví dụ 28261).")
    date_of_birth = BoundedDateField(required=False, allow_null=True, help_text="YYYY-MM-DD.")

    class Meta:
        model = Citizen
        fields = [
            "id", "full_name", "id_type", "id_number", "id_issued_on", "id_issued_place", "id_issuing_country",
            "born_abroad", "date_of_birth", "gender", "phone", "address", "unit", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        # Blank numbers reach validators.paper_errors, which says what to enter.
        extra_kwargs = {
            "id_number": {"allow_blank": True},
            "id_issuing_country": {"allow_blank": True, "help_text": "Mã nước cấp 2 chữ cái (VN, US, KR…)."},
            "id_issued_on": {"help_text": "Ngày cấp giấy tờ tùy thân, YYYY-MM-DD."},
            "id_issued_place": {"help_text": "Nơi cấp (cơ quan cấp) giấy tờ tùy thân."},
        }
        # Registering the same identity paper again returns the existing record (services/citizens.py).
        validators = []

    def _value(self, attrs, name):
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None) if self.instance else None

    def validate(self, attrs):
        user = self.context["request"].user
        errors = {}
        if "id_number" in attrs:
            attrs["id_number"] = attrs["id_number"].strip().upper()
        if "id_issuing_country" in attrs:
            attrs["id_issuing_country"] = (attrs["id_issuing_country"] or "").strip().upper()
        id_type = self._value(attrs, "id_type") or IdType.CAN_CUOC
        if attrs.get("id_issuing_country") == "" and id_type != IdType.HO_CHIEU:
            attrs["id_issuing_country"] = VIET_NAM  # only a passport may come from elsewhere
        watched = (
            "id_number", "id_type", "gender", "date_of_birth", "born_abroad", "id_issuing_country", "id_issued_on"
        )  # fmt: skip
        if any(name in attrs for name in watched):
            country = self._value(attrs, "id_issuing_country")
            errors.update(
                paper_errors(
                    id_type,
                    self._value(attrs, "id_number"),
                    self._value(attrs, "date_of_birth"),
                    self._value(attrs, "gender"),
                    born_abroad=bool(self._value(attrs, "born_abroad")),
                    issuing_country=VIET_NAM if country is None else country,
                    issued_on=self._value(attrs, "id_issued_on"),
                )
            )
        try:
            validate_birth_date(attrs.get("date_of_birth"))
        except DjangoValidationError as exc:
            errors.update(django_validation_fields(exc))
        if self.instance is None or "unit" in attrs:
            try:
                attrs["unit"] = commune_unit(user, attrs.get("unit"))
            except Invalid as exc:
                errors.update(exc.fields or {"unit": [exc.message]})
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def update(self, instance, validated_data):
        return update_citizen(self.context["request"].user, instance, validated_data)


# --- cases --------------------------------------------------------------------------------------


class HandlerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ParticipantSerializer(serializers.Serializer):
    """A citizen in a case. Written as {"citizen": id, "role": ...}; read with the identity as the user
    may see it (masked for a protected denouncer unless the user handles the case)."""

    citizen = VisibleCitizenField(allow_null=False, help_text="Id công dân; null khi danh tính được bảo vệ.")
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    authorization_document = serializers.CharField(
        max_length=255, allow_blank=True, required=False, default=""
    )
    full_name = serializers.CharField(read_only=True)
    id_number = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    masked = serializers.BooleanField(read_only=True)

    def validate(self, attrs):
        # A PATCH is partial for the case, never for one participant: DRF passes `partial` down to
        # nested rows, which would let a row without its citizen through to the service.
        missing = {name: [_("This field is required.")] for name in ("citizen", "role") if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs

    def to_representation(self, participant):
        case = participant.case
        masked = getattr(case, "_api_masked", True)  # never show an identity by accident
        seen = identity.citizen_fields(None, case, participant.citizen, masked=masked)
        return {
            "citizen": seen["citizen_id"],
            "role": participant.role,
            "full_name": seen["full_name"],
            "id_number": seen["id_number"],
            "phone": seen["phone"] if masked else str(participant.citizen.phone or ""),
            "address": seen["address"],
            "authorization_document": identity.MASKED_VALUE
            if masked and participant.authorization_document
            else participant.authorization_document,
            "masked": seen["masked"],
        }


class NullableChoiceField(serializers.ChoiceField):
    """A choice stored as "" when not set: null in the API, and the schema says "the enum or null"."""

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


class CaseSerializer(serializers.ModelSerializer):
    unit = CommuneField(
        required=False,
        help_text="Mã xã, phường nơi đăng ký vụ việc; người dùng UBND xã: luôn là xã của mình.",
    )
    received_date = BoundedDateField(default=timezone.localdate, help_text="YYYY-MM-DD.")
    group_size = serializers.IntegerField(min_value=1, max_value=MAX_GROUP_SIZE, required=False, default=1)
    participants = ParticipantSerializer(many=True, required=False)
    refusal_ground = NullableChoiceField(
        choices=RefusalGround.choices,
        allow_null=True,
        read_only=True,
        help_text="Căn cứ từ chối (khi `reject`); null khi vụ việc không bị từ chối.",
    )
    outcome_overdue = serializers.SerializerMethodField()
    processing_status = serializers.SerializerMethodField(
        help_text="Tố cáo: xử lý ban đầu trong 07 (10 nếu cần xác minh) ngày làm việc (Điều 24 Luật Tố cáo)."
    )
    forwarding_status = serializers.SerializerMethodField(
        help_text="Tố cáo không thuộc thẩm quyền: chuyển trong 05 ngày làm việc (Điều 24 Luật Tố cáo)."
    )
    refusal_notice_status = serializers.SerializerMethodField(
        help_text="Thông báo từ chối tiếp (Mẫu 01/TCD): `due` chưa đến hạn, `overdue` quá hạn, `recorded` đã ghi."
    )
    allowed_actions = serializers.SerializerMethodField()
    handlers = serializers.SerializerMethodField()
    submit_problems = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id", "code", "case_type", "title", "summary", "unit", "received_date", "channel", "is_group",
            "organisation_name", "organisation_address", "group_size", "identity_protection", "eligibility",
            "wishes_online", "state", "refusal_ground",
            "refusal_notice_due", "refusal_notice_number", "refusal_notice_date", "refusal_notice_status",
            "representatives_appointment", "representatives_appointment_file",
            "needs_verification", "processing_due", "processing_done_on", "processing_status",
            "forwarding_due", "forwarded_on", "forwarding_status",
            "within_provincial_competence", "previous_handling", "is_repeat", "outcome_due",
            "outcome_notified_on", "outcome_overdue", "allowed_actions", "submit_problems", "participants",
            "handlers", "redacted_title", "redacted_summary", "redacted_previous_handling", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "code", "is_group", "state", "refusal_ground", "outcome_due", "created_at", "updated_at",
            "refusal_notice_due", "refusal_notice_number", "refusal_notice_date", "processing_due",
            "forwarding_due",
        ]  # fmt: skip

    @extend_schema_field(serializers.BooleanField())
    def get_outcome_overdue(self, case) -> bool:
        return is_outcome_overdue(case)

    @extend_schema_field(serializers.CharField(help_text="'', due, overdue, done"))
    def get_processing_status(self, case) -> str:
        return deadlines.step_status(case.processing_due, case.processing_done_on)

    @extend_schema_field(serializers.CharField(help_text="'', due, overdue, done"))
    def get_forwarding_status(self, case) -> str:
        return deadlines.step_status(case.forwarding_due, case.forwarded_on)

    @extend_schema_field(serializers.ChoiceField(choices=["", "due", "overdue", "recorded"]))
    def get_refusal_notice_status(self, case) -> str:
        return refusals.notice_status(case)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, case) -> list[str]:
        return [a.code for a in case_workflow.allowed_actions(self.context["request"].user, case)]

    @extend_schema_field(HandlerSerializer(many=True))
    def get_handlers(self, case) -> list[dict]:
        """The users named on the case (the board, the chairman and the communes handle it by role)."""
        return [{"id": u.pk, "name": u.get_full_name() or u.username} for u in case.handlers.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_submit_problems(self, case) -> list[str]:
        """Why this user cannot send the case to the province yet (empty when they can, or may not)."""
        return case_workflow.blocked_submit_problems(self.context["request"].user, case)

    def validate_participants(self, value):
        ids = [p["citizen"].pk for p in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("A citizen appears more than once in the list."))
        return value

    def validate(self, attrs):
        def current(name, default=None):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, default) if self.instance else default

        user = self.context["request"].user
        errors = {}
        if current("identity_protection", False) and current("case_type") != CaseType.TO_CAO:
            errors["identity_protection"] = [_("Identity protection applies only to denunciations.")]
        if current("eligibility") == Eligibility.TO_CAO_PHUC_TAP and (
            current("case_type") != CaseType.TO_CAO or current("identity_protection", False)
        ):
            errors["eligibility"] = [
                _("This eligibility is only for a denunciation whose denouncer does not ask for protection.")
            ]
        if self.instance is None and "unit" not in attrs and not is_commune_clerk(user):
            errors["unit"] = [_("Choose the commune or ward the case comes from.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @staticmethod
    def _participant_tuples(participants):
        return [(p["citizen"], p["role"], p.get("authorization_document", "")) for p in participants]

    def create(self, validated_data):
        participants = validated_data.pop("participants", [])
        return create_case(
            self.context["request"].user, validated_data, self._participant_tuples(participants)
        )

    def update(self, instance, validated_data):
        from django.db import transaction

        user = self.context["request"].user
        participants = validated_data.pop("participants", None)
        with transaction.atomic():
            case = update_case(user, instance, validated_data)
            if participants is not None:
                set_participants(user, case, self._participant_tuples(participants))
        return case

    def to_representation(self, case):
        user = self.context["request"].user
        case._api_masked = identity.must_mask(user, case)
        data = super().to_representation(case)
        if case._api_masked:
            for name, copy in identity.CASE_TEXT_COPIES.items():
                data[name] = data[copy] = identity.case_text(case, name, masked=True)
            # The appointment's reference may name the group's people: a non-handler reads that there is one.
            data["representatives_appointment"] = identity.secret_note(
                data["representatives_appointment"], True
            )
        elif case.is_protected:
            seen = self.context.get("unmasked_cases")  # a list logs its rows in one statement
            if seen is None:
                identity.log_unmasked_view(user, case, "api")
            else:
                seen.append(case)
        return data


class CaseHandlersSerializer(serializers.Serializer):
    add = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False, default=list, max_length=50, help_text="Id người dùng được phân công xử lý.",
    )  # fmt: skip
    remove = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False, default=list, max_length=50, help_text="Id người dùng thôi xử lý.",
    )  # fmt: skip
    reason = serializers.CharField(max_length=4000, help_text="Lý do (ghi vào lịch sử vụ việc).")


class CaseMoveSerializer(serializers.Serializer):
    unit = CommuneField(help_text="Mã xã, phường nhận vụ việc.")
    reason = serializers.CharField(max_length=4000, help_text="Lý do chuyển (ghi vào lịch sử vụ việc).")


class CaseTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=list(case_workflow.ACTIONS), help_text="Mã thao tác: submit, accept, return, reject, …"
    )
    note = serializers.CharField(
        max_length=4000, allow_blank=True, required=False, default="", help_text="Lý do hoặc ghi chú."
    )
    eligibility = serializers.ChoiceField(
        choices=Eligibility.choices, allow_blank=True, required=False, help_text="Bắt buộc khi `accept`."
    )
    refusal_ground = serializers.ChoiceField(
        choices=RefusalGround.choices, allow_blank=True, required=False, help_text="Bắt buộc khi `reject`."
    )


class ReceptionSerializer(serializers.ModelSerializer):
    """A row of the reception register (sổ tiếp công dân, Mẫu 03/TCD) of one case."""

    receiving_agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text="Mã cơ quan tiếp; bỏ trống: cơ quan của người ghi.",
    )

    class Meta:
        model = Reception
        fields = [
            "id", "received_at", "place", "kind", "by_head", "receiving_agency", "received_by", "people_count",
            "direction", "guided_to", "document_number", "refusal_ground", "note", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at"]

    def to_representation(self, reception):
        data = super().to_representation(reception)
        user = self.context["request"].user
        masked = identity.must_mask(user, reception.case)
        for name in ("place", "note"):  # may name a protected denouncer
            data[name] = identity.reception_text(reception, name, masked)
        return data


class RefusalNoticeSerializer(serializers.Serializer):
    number = serializers.CharField(
        max_length=60, help_text="Số Thông báo từ chối tiếp công dân (Mẫu 01/TCD)."
    )
    issued_on = serializers.DateField(help_text="Ngày ban hành, YYYY-MM-DD.")


# --- list filters (query parameters) ------------------------------------------------------------


class SearchField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)


class CitizenFilterSerializer(serializers.Serializer):
    search = SearchField(help_text="Tìm theo họ tên hoặc số giấy tờ, không phân biệt dấu.")
    unit = CommuneField(required=False, help_text="Mã xã, phường.")


class CaseFilterSerializer(serializers.Serializer):
    search = SearchField(help_text="Tìm theo mã, tiêu đề hoặc tên công dân, không phân biệt dấu.")
    state = serializers.ChoiceField(choices=Case._meta.get_field("state").choices, required=False)
    case_type = serializers.ChoiceField(choices=CaseType.choices, required=False)
    unit = CommuneField(required=False, help_text="Mã xã, phường.")
    overdue = serializers.ChoiceField(
        choices=deadlines.OVERDUE_KINDS,
        required=False,
        help_text="Quá hạn: `outcome` trả lời công dân, `processing` xử lý ban đầu tố cáo, `forwarding` chuyển tố cáo.",
    )


# --- authentication -----------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="Mã xác thực hai lớp (6 chữ số từ ứng dụng xác thực, hoặc một mã dự phòng): bắt buộc với "
        "quan_tri, chu_tich, vp_ubnd, ban_tcd, thanh_tra và người xử lý vụ việc tố cáo.",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
