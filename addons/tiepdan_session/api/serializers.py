from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.api.fields import BoundedDateField, BoundedDateTimeField
from addons.tiepdan_case.api.ids import MAX_ID
from addons.tiepdan_case.models import AdministrativeUnit, Agency, Case

from ..choices import AgencyDuty, DeliveryMethod, InvitationStatus
from ..models import (
    AgendaItem,
    CaseAnswer,
    Directive,
    DirectiveReport,
    Invitation,
    ReceptionSession,
    SessionAgency,
    SessionSite,
)
from ..services import directive_text, directives, planning, rules


class AgendaItemSerializer(serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    code = serializers.CharField(source="case.code", read_only=True)
    case_type = serializers.CharField(source="case.case_type", read_only=True)
    outcome = serializers.SerializerMethodField(
        help_text="Kết quả: heard | absent | postponed; null khi chưa có."
    )

    class Meta:
        model = AgendaItem
        fields = ("id", "case", "code", "case_type", "order", "slot_start", "slot_end", "outcome")
        extra_kwargs = {
            "order": {"required": False},
            "slot_start": {"required": False},
            "slot_end": {"required": False},
        }

    def get_outcome(self, obj) -> str | None:
        return getattr(obj, "outcome", None) or None


class SessionSerializer(serializers.ModelSerializer):
    """Contract fields (DESIGN.md): id, code, kind, start, end, state, host_site, sites, agenda."""

    chair = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    note_taker = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True, required=False
    )
    host_site = serializers.PrimaryKeyRelatedField(queryset=BridgeSite.objects.all())
    central_body = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(kind="trung_uong"), allow_null=True, required=False
    )
    sites = serializers.SerializerMethodField(
        help_text="Mọi điểm cầu của phiên: chủ trì, Trung ương, thành phần."
    )
    agenda = serializers.SerializerMethodField(help_text="Chỉ các vụ việc bạn được xem.")

    class Meta:
        model = ReceptionSession
        fields = (
            "id", "code", "kind", "title", "focus", "start", "end", "state", "chair", "chair_capacity",
            "authorisation_number", "authorisation_date", "host_site", "central_participation", "central_body",
            "note_taker", "external_meeting_url", "sites", "agenda", "submitted_at", "approved_at", "announced_at",
            "version",
        )  # fmt: skip
        read_only_fields = ("code", "state", "submitted_at", "approved_at", "announced_at", "version")

    def get_sites(self, obj) -> list[int]:
        return sorted(rules.session_site_ids(obj))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not planning.can_plan(self.context["request"].user):
            data.pop("external_meeting_url", None)  # the meeting link goes only to those who join
        return data

    def get_agenda(self, obj) -> list[dict]:
        items = getattr(obj, "visible_agenda", None)  # prefetched by the list (one query for the page)
        if items is None:
            user = self.context["request"].user
            items = AgendaItem.objects.visible_to(user).filter(session=obj).select_related("case")
        return AgendaItemSerializer(items, many=True).data


class PublicSessionSerializer(serializers.ModelSerializer):
    """What the press and the public may read: time, sites, bodies, focus, cases by type."""

    sites = serializers.SerializerMethodField()
    cases_by_type = serializers.SerializerMethodField()

    class Meta:
        model = ReceptionSession
        fields = (
            "id",
            "code",
            "kind",
            "title",
            "focus",
            "start",
            "end",
            "state",
            "host_site",
            "sites",
            "cases_by_type",
        )
        read_only_fields = fields

    def get_sites(self, obj) -> list[int]:
        return sorted(rules.session_site_ids(obj))

    def get_cases_by_type(self, obj) -> dict:
        from ..services.presentation import cases_by_type

        return {row["code"]: row["count"] for row in cases_by_type(obj)}


class SessionTransitionSerializer(serializers.Serializer):
    action = serializers.CharField(
        help_text="submit, send_back, approve, announce, declare_ready, reschedule, cancel"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    start = BoundedDateTimeField(required=False, help_text="Cho `reschedule`: giờ bắt đầu mới.")
    end = BoundedDateTimeField(required=False, help_text="Cho `reschedule`: giờ kết thúc mới.")


class SessionSiteSerializer(serializers.ModelSerializer):
    site = serializers.PrimaryKeyRelatedField(queryset=BridgeSite.objects.all())
    code = serializers.CharField(source="site.code", read_only=True)
    name = serializers.CharField(source="site.name", read_only=True)

    class Meta:
        model = SessionSite
        fields = ("id", "site", "code", "name", "from_agenda")
        read_only_fields = ("from_agenda",)


class SessionAgencySerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    duty = serializers.ChoiceField(choices=AgencyDuty.choices)

    class Meta:
        model = SessionAgency
        fields = ("id", "agency", "duty", "note")


class InvitationSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="agenda_item.case_id", read_only=True)
    citizen_name = serializers.CharField(source="citizen.full_name", read_only=True)
    site = serializers.PrimaryKeyRelatedField(queryset=BridgeSite.objects.all(), required=False)
    status = serializers.ChoiceField(choices=InvitationStatus.choices, required=False)
    delivery_method = serializers.ChoiceField(
        choices=DeliveryMethod.choices, required=False, allow_blank=True
    )

    class Meta:
        model = Invitation
        fields = (
            "id", "session", "agenda_item", "case", "citizen", "citizen_name", "role", "site", "status",
            "delivery_method", "delivered_at", "responded_at", "note",
        )  # fmt: skip
        read_only_fields = ("session", "agenda_item", "citizen", "role")


# --- directives (issue 10) ---------------------------------------------------------------------------


class DirectiveSerializer(serializers.ModelSerializer):
    """A directive as this user may read it (a denunciation's free text masked for non-handlers)."""

    session_code = serializers.CharField(source="session.code", read_only=True)
    case_code = serializers.CharField(source="case.code", read_only=True)
    lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_name = serializers.SerializerMethodField()
    supporting_agencies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    instruction = serializers.SerializerMethodField()
    return_reason = serializers.SerializerMethodField()
    answer_file_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(help_text="Quá hạn: chưa báo cáo và đã qua hạn thực hiện.")
    working_days_late = serializers.SerializerMethodField(help_text="Số ngày làm việc quá hạn.")

    class Meta:
        model = Directive
        fields = (
            "id", "session", "session_code", "agenda_item", "case", "case_code", "instruction", "lead_agency",
            "lead_unit", "lead_name", "supporting_agencies", "deadline", "working_days", "must_report",
            "must_answer_citizen", "state", "overdue", "working_days_late", "issued_at", "reported_at",
            "answer_number", "answer_date", "answer_file_name", "accepted_at", "return_reason", "escalated_at",
        )  # fmt: skip
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    def get_lead_name(self, obj) -> str:
        return obj.lead_name

    def get_instruction(self, obj) -> str:
        return directive_text.instruction(self._user(), obj)

    def get_return_reason(self, obj) -> str:
        return directive_text.return_reason(self._user(), obj)

    def get_answer_file_name(self, obj) -> str:
        return directive_text.answer_file_name(self._user(), obj)

    def get_overdue(self, obj) -> bool:
        return directives.is_overdue(obj)

    def get_working_days_late(self, obj) -> int:
        late_days = self.context.setdefault("late_days", directives.LateDays())
        return late_days.of(obj)


class DirectiveReportSerializer(serializers.ModelSerializer):
    text = serializers.CharField(max_length=20000)
    file = serializers.FileField(required=False, write_only=True)
    file_name = serializers.SerializerMethodField()
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DirectiveReport
        fields = (
            "id",
            "directive",
            "text",
            "file",
            "file_name",
            "sha256",
            "is_final",
            "agency",
            "created_at",
        )
        read_only_fields = ("directive", "sha256", "is_final", "agency", "created_at")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        data["text"] = directive_text.report_text(user, instance)
        if not directive_text.report_readable(user, instance):
            data["sha256"] = ""
        return data

    def get_file_name(self, obj) -> str:
        return directive_text.report_file_name(self.context["request"].user, obj)


class DirectiveReportedSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000, help_text="Kết quả thực hiện.")
    answer_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    answer_date = BoundedDateField(required=False, allow_null=True)
    answer_file = serializers.FileField(
        required=False, help_text="Văn bản trả lời công dân (PDF, ảnh, DOCX)."
    )
    file = serializers.FileField(required=False, help_text="Tài liệu kèm báo cáo.")


class DirectiveAcceptSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class DirectiveReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, help_text="Lý do trả lại báo cáo.")


class CaseAnswerSerializer(serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    file = serializers.FileField(required=False, write_only=True)
    case_code = serializers.CharField(source="case.code", read_only=True)
    answered_on = BoundedDateField()

    class Meta:
        model = CaseAnswer
        fields = (
            "id",
            "case",
            "case_code",
            "number",
            "answered_on",
            "file",
            "file_name",
            "sha256",
            "recorded_at",
        )
        read_only_fields = ("file_name", "sha256", "recorded_at")


CONSOLE_ACTIONS = (
    "current_item", "next_item", "statements", "agency_report", "check_in", "official", "restrict", "outcome",
    "confirm", "incident", "incident_end", "directive", "directive_delete",
)  # fmt: skip


def _id_field(help_text):
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


class ConsoleActionSerializer(serializers.Serializer):
    """One console action; which fields each action reads is in its help text."""

    action = serializers.ChoiceField(choices=CONSOLE_ACTIONS)
    item = _id_field(
        "Mục chương trình (current_item, statements, agency_report, restrict, outcome, confirm)."
    )
    presentation = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    conclusion = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    invitation = _id_field("Giấy mời (check_in).")
    status = serializers.CharField(required=False, max_length=20, help_text="present | substitute")
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    substitute_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    substitute_id_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    substitute_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    site = serializers.PrimaryKeyRelatedField(queryset=BridgeSite.objects.all(), required=False)
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    position = serializers.CharField(required=False, allow_blank=True, max_length=255)
    no_recording = serializers.BooleanField(required=False, default=False)
    no_streaming = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    outcome = serializers.CharField(required=False, max_length=20, help_text="heard | absent | postponed")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    direction = serializers.CharField(required=False, max_length=20, default="thu_ly")
    attendance = _id_field("Lượt điểm danh của người xác nhận (confirm).")
    method = serializers.CharField(required=False, max_length=20, help_text="signed | thumbprint | refused")
    kind = serializers.CharField(required=False, max_length=20, help_text="audio | video | connection | ...")
    incident = _id_field("Sự cố (incident_end).")
    instruction = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    lead_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    lead_unit = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.all(), required=False, allow_null=True
    )
    supporting_agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False
    )
    deadline = BoundedDateField(required=False, allow_null=True)
    working_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)
    must_report = serializers.BooleanField(required=False, default=True)
    must_answer_citizen = serializers.BooleanField(required=False, default=True)
    directive = _id_field("Ý kiến chỉ đạo dự thảo (directive_delete).")

    NEEDS = {
        "current_item": ("item",),
        "statements": ("item",),
        "agency_report": ("item", "agency"),
        "check_in": ("invitation", "status"),
        "official": ("site",),
        "restrict": ("item",),
        "outcome": ("item", "outcome"),
        "confirm": ("item", "attendance", "method"),
        "incident": ("site", "kind"),
        "incident_end": ("incident",),
        "directive": ("item",),
        "directive_delete": ("directive",),
    }

    def validate(self, attrs):
        missing = {
            name: [_("This field is required.")]
            for name in self.NEEDS.get(attrs["action"], ())
            if attrs.get(name) in (None, "")
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs
