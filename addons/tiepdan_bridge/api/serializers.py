from rest_framework import serializers

from addons.tiepdan_case.models import AdministrativeUnit, Agency

from ..models import BridgeSite, CheckItem, Equipment, Incident, SiteCheck, SiteCheckItem
from ..services import checks as check_service
from ..services.sites import SITE_FIELDS


class BridgeSiteSerializer(serializers.ModelSerializer):
    """Contract fields (DESIGN.md): id, code, name, level, unit (commune code), address — plus more."""

    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=AdministrativeUnit.objects.all(), allow_null=True, required=False
    )
    host_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), allow_null=True, required=False
    )
    contact_phone = serializers.CharField(allow_blank=True, required=False)

    class Meta:
        model = BridgeSite
        fields = ("id", *SITE_FIELDS)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["contact_phone"] = str(instance.contact_phone) if instance.contact_phone else ""
        return data


class EquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Equipment
        fields = (
            "id",
            "site",
            "kind",
            "description",
            "serial_number",
            "quantity",
            "status",
            "last_checked_at",
            "note",
            "updated_at",
        )
        read_only_fields = ("updated_at",)


class SiteCheckItemSerializer(serializers.ModelSerializer):
    answered_by = serializers.CharField(source="answered_by.username", read_only=True)
    late_entry = serializers.SerializerMethodField()

    class Meta:
        model = SiteCheckItem
        fields = ("item", "passed", "note", "answered_by", "answered_at", "late_entry")
        read_only_fields = ("answered_by", "answered_at")

    def get_late_entry(self, obj) -> bool:
        """Entered more than 2 hours after the check's time (answered_at is the entry time)."""
        return check_service.is_late_answer(obj)


class AnswerSerializer(serializers.Serializer):
    item = serializers.ChoiceField(choices=CheckItem.choices)
    passed = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


class SiteCheckSerializer(serializers.ModelSerializer):
    items = SiteCheckItemSerializer(many=True, read_only=True)
    answers = AnswerSerializer(many=True, write_only=True, required=False)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    late_entry = serializers.SerializerMethodField()
    late_confirmed_by = serializers.CharField(
        source="late_confirmed_by.username", read_only=True, default=None
    )

    class Meta:
        model = SiteCheck
        fields = (
            "id",
            "site",
            "kind",
            "at",
            "note",
            "items",
            "answers",
            "created_by",
            "created_at",
            "late_entry",
            "late_confirmed_by",
            "late_confirmed_at",
            "late_confirm_reason",
        )
        read_only_fields = ("created_at", "late_confirmed_at", "late_confirm_reason")

    def get_late_entry(self, obj) -> str:
        """ "" on time; "late": entered > 2 h after its time, not confirmed (does not count for readiness);
        "confirmed": confirmed by the provincial People's Committee office."""
        return check_service.late_status(obj)


class ConfirmLateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class IncidentSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None)

    class Meta:
        model = Incident
        fields = ("id", "site", "kind", "started_at", "ended_at", "note", "recorded_by", "recorded_at")
        read_only_fields = ("recorded_at",)


class ReadinessItemSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    item = serializers.CharField()
    test_run_ok = serializers.BooleanField()
    final_check_ok = serializers.BooleanField()
    test_run_at = serializers.DateTimeField(allow_null=True)
    final_check_at = serializers.DateTimeField(allow_null=True)


class ReadinessSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    test_runs_since = serializers.DateTimeField()
    test_run_deadline = serializers.DateField()
    ready = serializers.BooleanField()
    can_start = serializers.BooleanField()
    items = ReadinessItemSerializer(many=True)
