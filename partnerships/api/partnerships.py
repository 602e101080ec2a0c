from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from core.api.bases import (
    ExpectedVersionSerializer,
    InternalNotesHiddenFromPartners,
    NamedReferenceSerializer,
    PartialUpdateMixin,
    ReferenceField,
    ServiceViewSet,
    VisibleRelatedField,
)
from core.querysets import VisiblePrefetch
from partnerships import services
from partnerships.filters import PartnershipFilter
from partnerships.models import (
    MemberRole,
    Milestone,
    Organization,
    Partnership,
    PartnershipMember,
    Phase,
    ResearchArea,
)
from partnerships.services.partnerships import EDITABLE_FIELDS, MILESTONE_FIELDS

# --- Reading -------------------------------------------------------------------------------


class UserReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class PersonReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)


class MemberSerializer(serializers.ModelSerializer):
    organization = NamedReferenceSerializer(read_only=True)

    class Meta:
        model = PartnershipMember
        fields = ["id", "organization", "role", "joined_on"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    owner = PersonReferenceSerializer(read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True, help_text="Still open and past its due date.")

    class Meta:
        model = Milestone
        fields = ["id", "title", "description", "due_date", "status", "completed_on", "overdue", "owner"]
        read_only_fields = fields


class PartnershipSerializer(InternalNotesHiddenFromPartners, serializers.ModelSerializer):
    """A partnership with its members and milestones.

    `internal_notes` is there for the technology-transfer office only.
    """

    owner = UserReferenceSerializer(read_only=True)
    research_areas = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    members = MemberSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "title",
            "model",
            "phase",
            "owner",
            "start_date",
            "end_date",
            "objectives",
            "research_areas",
            "internal_notes",
            "version",
            "members",
            "milestones",
        ]
        read_only_fields = fields
        extra_kwargs = {"internal_notes": {"help_text": "Internal roles only: the key is absent for partner liaisons."}}


# --- Writing -------------------------------------------------------------------------------


class PartnershipInputSerializer(serializers.ModelSerializer):
    owner = ReferenceField(
        queryset=User.objects.filter(is_active=True),
        shown_as=UserReferenceSerializer,
        required=False,
        help_text="The staff member responsible, by user id. Defaults to you when creating.",
    )
    research_areas = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Research area names; names not known yet are added.",
    )

    class Meta:
        model = Partnership
        fields = EDITABLE_FIELDS


class MemberInputSerializer(serializers.Serializer):
    organization = VisibleRelatedField(Organization, help_text="Organization id.")
    role = serializers.ChoiceField(choices=MemberRole.choices)


class PartnershipCreateSerializer(PartnershipInputSerializer):
    """A new partnership: its details, the academic lead and the other members."""

    phase = serializers.ChoiceField(
        choices=Phase.choices, default=Phase.EXPLORING, help_text="Where it starts; later changes go through /phase/."
    )
    academic_lead = VisibleRelatedField(Organization, help_text="The university or institute leading it, by id.")
    members = MemberInputSerializer(
        many=True,
        help_text="The other members with their roles: at least one. In form data: "
        "`members[0]organization`, `members[0]role`, ...",
    )

    class Meta(PartnershipInputSerializer.Meta):
        fields = [*PartnershipInputSerializer.Meta.fields, "phase", "academic_lead", "members"]


class PartnershipUpdateSerializer(ExpectedVersionSerializer, PartnershipInputSerializer):
    """An edit: the fields to change and the `version` it is based on."""

    class Meta(PartnershipInputSerializer.Meta):
        fields = [*PartnershipInputSerializer.Meta.fields, "version"]


class PhaseChangeSerializer(serializers.Serializer):
    """A move to another phase, and why."""

    to_phase = serializers.ChoiceField(choices=Phase.choices)
    reason = serializers.CharField(help_text="Why it moves; kept in the history.")
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The `version` you read; if sent and stale, the change answers 409."
    )


class MemberAddSerializer(MemberInputSerializer):
    joined_on = serializers.DateField(required=False, allow_null=True)


class MilestoneInputSerializer(serializers.ModelSerializer):
    owner = VisibleRelatedField(
        "people.Person", shown_as=PersonReferenceSerializer, required=False, allow_null=True, help_text="Person id."
    )

    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS


def research_areas_resolved(data: dict) -> dict:
    """The input with research area names replaced by areas (creating new ones): what the services take."""
    if "research_areas" in data:
        data = {**data, "research_areas": services.research_areas_ensure(names=data["research_areas"])}
    return data


# --- Endpoints -----------------------------------------------------------------------------

CONSORTIUM_EXAMPLE = OpenApiExample(
    "A consortium with three companies",
    request_only=True,
    value={
        "title": "Warehouse robotics consortium",
        "model": "consortium",
        "phase": "pilot",
        "academic_lead": 1,
        "members": [
            {"organization": 3, "role": "lead_sponsor"},
            {"organization": 4, "role": "consortium_member"},
            {"organization": 5, "role": "consortium_member"},
        ],
        "start_date": "2026-01-01",
        "end_date": "2028-12-31",
        "objectives": "Shared benchmarks for robotic picking in mixed-item warehouses.",
        "research_areas": ["Robotics", "Computer vision"],
        "internal_notes": "Globex may join in year two.",
    },
)
MILESTONE_ID = OpenApiParameter("milestone_id", OpenApiTypes.INT, OpenApiParameter.PATH)
MEMBER_ID = OpenApiParameter("member_id", OpenApiTypes.INT, OpenApiParameter.PATH)
VERSION_DESCRIPTION = "Send the `version` you read; a stale version answers 409 and changes nothing."


@extend_schema_view(
    list=extend_schema(
        summary="List partnerships",
        description="With members and milestones. A partner liaison sees only partnerships their organization "
        "is a member of. `q` searches title and objectives.",
    ),
    retrieve=extend_schema(summary="Get a partnership", description="One partnership you may see; 404 otherwise."),
    create=extend_schema(
        summary="Create a partnership",
        description="Staff and admins only. Name the academic lead and at least one other member.",
        request=PartnershipCreateSerializer,
        responses={201: PartnershipSerializer},
        examples=[CONSORTIUM_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a partnership's details",
        description=f"Staff and admins only. Members, phase and milestones have their own endpoints. "
        f"{VERSION_DESCRIPTION}",
        request=PartnershipUpdateSerializer,
        responses=PartnershipSerializer,
    ),
    partial_update=extend_schema(
        summary="Change a partnership's details",
        description=f"Staff and admins only. Send the fields to change. {VERSION_DESCRIPTION}",
        request=PartnershipUpdateSerializer,
        responses=PartnershipSerializer,
    ),
)
class PartnershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PartialUpdateMixin, ServiceViewSet):
    """Partnerships are never deleted: they close, through a phase change, and keep their history."""

    read_serializer_class = PartnershipSerializer
    input_serializer_classes = {
        "create": PartnershipCreateSerializer,
        "update": PartnershipUpdateSerializer,
        "partial_update": PartnershipUpdateSerializer,
    }
    filterset_class = PartnershipFilter

    def get_queryset(self):
        user = self.request.user
        members = PartnershipMember.objects.select_related("organization")
        milestones = Milestone.objects.select_related("owner")
        return (
            Partnership.objects.visible_to(user)
            .select_related("owner")
            .prefetch_related(
                VisiblePrefetch("research_areas", model=ResearchArea, user=user),
                VisiblePrefetch("members", model=PartnershipMember, user=user, queryset=members),
                VisiblePrefetch("milestones", model=Milestone, user=user, queryset=milestones),
            )
        )

    def create(self, request):
        data = self.validated_input()
        members = [(data.pop("academic_lead"), MemberRole.ACADEMIC_LEAD)]
        members += [(member["organization"], member["role"]) for member in data.pop("members")]
        phase = data.pop("phase")
        data.setdefault("owner", request.user)
        # One transaction, so a refused partnership leaves no new research areas behind.
        with transaction.atomic():
            partnership = services.partnership_create(
                actor=request.user, data=research_areas_resolved(data), members=members, phase=phase
            )
        return self.respond_with(partnership, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        partnership = self.get_object()
        data = self.validated_input(partial=partial, instance=partnership)
        expected_version = data.pop("version")
        with transaction.atomic():
            partnership = services.partnership_update(
                partnership=partnership,
                actor=request.user,
                data=research_areas_resolved(data),
                expected_version=expected_version,
            )
        return self.respond_with(partnership)

    @extend_schema(
        summary="Move a partnership to another phase",
        description="Staff and admins only. The reason is kept in the history. Answers with the partnership.",
        request=PhaseChangeSerializer,
        responses=PartnershipSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=PhaseChangeSerializer)
    def phase(self, request, pk=None):
        partnership = self.get_object()
        data = self.validated_input()
        services.partnership_change_phase(
            partnership=partnership,
            actor=request.user,
            to_phase=data["to_phase"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self.respond_with(partnership)

    @extend_schema(
        summary="Add a member",
        description="Staff and admins only. An organization joins once; there is one academic lead.",
        request=MemberAddSerializer,
        responses={201: MemberSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=MemberAddSerializer)
    def members(self, request, pk=None):
        partnership = self.get_object()
        data = self.validated_input()
        member = services.partnership_member_add(
            partnership=partnership,
            actor=request.user,
            organization=data["organization"],
            role=data["role"],
            joined_on=data.get("joined_on"),
        )
        return Response(self.read(MemberSerializer, member), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove a member",
        description="Staff and admins only. The academic lead, the last other member and a member with "
        "funding recorded stay (400).",
        parameters=[MEMBER_ID],
        request=None,
        responses={204: None},
    )
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<member_id>[0-9]+)", url_name="member-detail")
    def remove_member(self, request, pk=None, member_id=None):
        partnership = self.get_object()
        member = get_object_or_404(partnership.members.all(), pk=member_id)
        services.partnership_member_remove(member=member, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Add a milestone",
        description="Staff and admins only. A milestone created as done is completed today.",
        request=MilestoneInputSerializer,
        responses={201: MilestoneSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=MilestoneInputSerializer)
    def milestones(self, request, pk=None):
        partnership = self.get_object()
        milestone = services.milestone_create(partnership=partnership, actor=request.user, data=self.validated_input())
        return Response(self.read(MilestoneSerializer, milestone), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a milestone",
        description="Staff and admins only. Send the fields to change; marking it done records today as "
        "its completion date.",
        parameters=[MILESTONE_ID],
        request=MilestoneInputSerializer,
        responses=MilestoneSerializer,
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"milestones/(?P<milestone_id>[0-9]+)",
        url_name="milestone-detail",
        serializer_class=MilestoneInputSerializer,
    )
    def change_milestone(self, request, pk=None, milestone_id=None):
        partnership = self.get_object()
        milestone = get_object_or_404(partnership.milestones.all(), pk=milestone_id)
        data = self.validated_input(partial=True, instance=milestone, shown_as=MilestoneSerializer)
        milestone = services.milestone_update(milestone=milestone, actor=request.user, data=data)
        return Response(self.read(MilestoneSerializer, milestone))
