from django.contrib.auth import get_user_model
from rest_framework import serializers

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.api.fields import BoundedDateTimeField
from addons.tiepdan_case.models import Agency, Case

from ..choices import AgencyDuty, DeliveryMethod, InvitationStatus
from ..models import AgendaItem, Invitation, ReceptionSession, SessionAgency, SessionSite
from ..services import planning, rules


class AgendaItemSerializer(serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    code = serializers.CharField(source="case.code", read_only=True)
    case_type = serializers.CharField(source="case.case_type", read_only=True)
    outcome = serializers.SerializerMethodField(help_text="Kết quả (phần 2: sau khi tiếp); hiện là null.")

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
