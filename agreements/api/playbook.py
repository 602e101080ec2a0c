"""The playbook and the deviations it finds: the office reads them, admins change and sign off.

The playbook is the office's negotiating position, so partner liaisons see none of it: lists
are empty and ids answer 404 (rules and versions are internal by role; deviations through
`Deviation.objects.visible_to`).
"""

import django_filters
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from agreements import services
from agreements.api.permissions import AdminWritesPermission
from agreements.models import Deviation, PlaybookRule, PlaybookVersion
from agreements.playbook import Condition, Severity
from agreements.services.playbook import RULE_FIELDS
from core.api.bases import PartialUpdateMixin, ServiceViewSet
from partnerships.api.partnerships import UserReferenceSerializer

# --- Serializers ---------------------------------------------------------------------------


class PlaybookRuleSerializer(serializers.ModelSerializer):
    """One standard position: a condition on a term, and how serious a departure from it is."""

    class Meta:
        model = PlaybookRule
        fields = ["id", "term", "condition", "value", "severity", "standard_position", "explanation", "active"]
        read_only_fields = fields


class PlaybookRuleInputSerializer(serializers.ModelSerializer):
    """A rule as an admin writes it; saving publishes a new playbook version and re-checks agreements."""

    class Meta:
        model = PlaybookRule
        fields = RULE_FIELDS


class RuleSnapshotSerializer(serializers.Serializer):
    """A rule exactly as a playbook version froze it."""

    id = serializers.IntegerField(read_only=True)
    term = serializers.CharField(read_only=True)
    condition = serializers.ChoiceField(choices=Condition.choices, read_only=True)
    value = serializers.CharField(read_only=True)
    severity = serializers.ChoiceField(choices=Severity.choices, read_only=True)
    standard_position = serializers.CharField(read_only=True)
    explanation = serializers.CharField(read_only=True)


class PlaybookVersionSerializer(serializers.ModelSerializer):
    rules = RuleSnapshotSerializer(many=True, read_only=True)
    published_by = UserReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PlaybookVersion
        fields = ["id", "number", "rules", "published_by", "published_at"]
        read_only_fields = fields


class AgreementReferenceSerializer(serializers.Serializer):
    """An agreement by id, reference and title."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class DeviationSerializer(serializers.ModelSerializer):
    """A term of an agreement that departs from the playbook, and its sign-off if an admin gave one."""

    agreement = AgreementReferenceSerializer(read_only=True)
    playbook_version = serializers.IntegerField(
        source="playbook_version.number", read_only=True, help_text="The playbook version the check used."
    )
    rule = serializers.IntegerField(source="rule_id", read_only=True, help_text="The rule's id in that version.")
    open = serializers.SerializerMethodField(help_text="False once the agreement no longer deviates here.")
    needs_sign_off = serializers.SerializerMethodField(
        help_text="An open blocker not yet signed off: the agreement cannot be approved until an admin does."
    )
    signed_off_by = UserReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Deviation
        fields = [
            "id",
            "agreement",
            "playbook_version",
            "rule",
            "term",
            "severity",
            "standard_position",
            "explanation",
            "actual",
            "found_at",
            "resolved_at",
            "open",
            "needs_sign_off",
            "signed_off_by",
            "signed_off_at",
            "sign_off_reason",
        ]
        read_only_fields = fields

    def get_open(self, deviation) -> bool:
        return deviation.resolved_at is None

    def get_needs_sign_off(self, deviation) -> bool:
        return deviation.resolved_at is None and deviation.severity == Severity.BLOCKER and not deviation.signed_off_at


class SignOffSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the institution accepts this deviation; recorded and shown.")


# --- Filters -------------------------------------------------------------------------------


class DeviationFilter(django_filters.FilterSet):
    agreement = django_filters.NumberFilter(field_name="agreement_id", help_text="An agreement's id.")
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    open = django_filters.BooleanFilter(
        method="filter_open", help_text="true: only deviations still in force; false: only resolved ones."
    )

    class Meta:
        model = Deviation
        fields = ["agreement", "severity", "open"]

    def filter_open(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=value)


# --- Viewsets ------------------------------------------------------------------------------

RULE_EXAMPLE = OpenApiExample(
    "Patent delay of at most 90 days",
    request_only=True,
    value={
        "term": "patent_delay_days",
        "condition": "at_most",
        "value": "90",
        "severity": "warning",
        "standard_position": "Patent delay of at most 90 days.",
        "explanation": "Enough to file a provisional application.",
        "active": True,
    },
)
RULE_SAVE_DESCRIPTION = (
    "Admins only (403 for everyone else). Saving publishes a new playbook version and checks every live "
    "agreement against it. `value` is required for at most / at least / must (not) be conditions, and must be "
    "a number for at most / at least (400)."
)


@extend_schema_view(
    list=extend_schema(
        summary="List playbook rules",
        description="The institution's standard positions, active and inactive. Internal roles only: a partner "
        "liaison gets an empty list.",
    ),
    retrieve=extend_schema(summary="Get a playbook rule", description="Internal roles only; 404 otherwise."),
    create=extend_schema(
        summary="Add a playbook rule",
        description=RULE_SAVE_DESCRIPTION,
        request=PlaybookRuleInputSerializer,
        responses={201: PlaybookRuleSerializer},
        examples=[RULE_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a playbook rule",
        description=RULE_SAVE_DESCRIPTION,
        request=PlaybookRuleInputSerializer,
        responses=PlaybookRuleSerializer,
    ),
    partial_update=extend_schema(
        summary="Change a playbook rule",
        description=f"Send only the fields to change; `active: false` retires a rule. {RULE_SAVE_DESCRIPTION}",
        request=PlaybookRuleInputSerializer,
        responses=PlaybookRuleSerializer,
    ),
)
class PlaybookRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PartialUpdateMixin, ServiceViewSet):
    """Rules are never deleted: a retired rule is inactive, and past versions keep it as it was."""

    permission_classes = [AdminWritesPermission]
    read_serializer_class = PlaybookRuleSerializer
    input_serializer_classes = {
        "create": PlaybookRuleInputSerializer,
        "update": PlaybookRuleInputSerializer,
        "partial_update": PlaybookRuleInputSerializer,
    }

    def get_queryset(self):
        return PlaybookRule.objects.visible_to(self.request.user).order_by("-active", "term", "pk")

    def create(self, request):
        rule = services.playbook_rule_save(actor=request.user, data=self.validated_input())
        return self.respond_with(rule, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        rule = self.get_object()
        data = self.validated_input(partial=partial, instance=rule)
        rule = services.playbook_rule_save(actor=request.user, data=data, rule=rule)
        return self.respond_with(rule)


@extend_schema_view(
    list=extend_schema(
        summary="List playbook versions",
        description="Newest first, each with its rules as frozen: a deviation names the version its check used. "
        "Internal roles only: a partner liaison gets an empty list.",
    ),
    retrieve=extend_schema(summary="Get a playbook version", description="Internal roles only; 404 otherwise."),
)
class PlaybookVersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Versions are published by saving a rule; they are never edited."""

    read_serializer_class = PlaybookVersionSerializer

    def get_queryset(self):
        return PlaybookVersion.objects.visible_to(self.request.user).select_related("published_by")


@extend_schema_view(
    list=extend_schema(
        summary="List deviations from the playbook",
        description="Blockers first. Filter by `agreement` (id), `severity` and `open=true` for those still in "
        "force. Internal roles only: a partner liaison gets an empty list.",
    ),
    retrieve=extend_schema(summary="Get a deviation", description="Internal roles only; 404 otherwise."),
)
class DeviationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Deviations are found by checking agreements against the playbook; people only sign them off."""

    permission_classes = [AdminWritesPermission]
    read_serializer_class = DeviationSerializer
    filterset_class = DeviationFilter

    def get_queryset(self):
        return (
            Deviation.objects.visible_to(self.request.user)
            .select_related("agreement", "playbook_version", "signed_off_by")
            .by_severity()
        )

    @extend_schema(
        summary="Sign off a deviation",
        description="Admins only (403 for other internal roles). The reason is recorded on the agreement's "
        "history; a signed-off blocker no longer stops approval. Refused (400) when already signed off or no "
        "longer in force.",
        request=SignOffSerializer,
        responses={
            200: DeviationSerializer,
            400: OpenApiResponse(description="No reason, already signed off, or no longer deviating."),
        },
        examples=[
            OpenApiExample(
                "Accepting a longer review",
                request_only=True,
                value={"reason": "Sponsor funds the full studentship; 90 days agreed with the dean."},
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off", serializer_class=SignOffSerializer)
    def sign_off(self, request, pk=None):
        deviation = self.get_object()
        data = self.validated_input()
        deviation = services.deviation_sign_off(deviation=deviation, actor=request.user, reason=data["reason"])
        return self.respond_with(deviation)
