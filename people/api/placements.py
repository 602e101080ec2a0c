from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status

from core.api.bases import (
    ExpectedVersionSerializer,
    NamedReferenceSerializer,
    PartialUpdateMixin,
    ServiceViewSet,
    VisibleRelatedField,
)
from partnerships.api.partnerships import PersonReferenceSerializer
from partnerships.models import Organization, Partnership
from people import services
from people.api.persons import PartnershipReferenceSerializer
from people.filters import PlacementFilter
from people.models import Person, Placement
from people.selectors import placements_for_list
from people.services.placements import EDITABLE_FIELDS


class PlacementSerializer(serializers.ModelSerializer):
    """A placement: who went where, in which partnership, when, and how it ended."""

    person = PersonReferenceSerializer(read_only=True)
    home_organization = NamedReferenceSerializer(read_only=True)
    host_organization = NamedReferenceSerializer(read_only=True)
    partnership = PartnershipReferenceSerializer(read_only=True, allow_null=True)
    academic_advisor = PersonReferenceSerializer(read_only=True, allow_null=True)
    industry_mentor = PersonReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "person",
            "kind",
            "home_organization",
            "host_organization",
            "partnership",
            "academic_advisor",
            "industry_mentor",
            "start_date",
            "end_date",
            "status",
            "outcome",
            "notes",
            "version",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "notes": {
                "help_text": "Absent for a partner liaison unless the person is at the liaison's own organization."
            },
            # DRF drops allow_blank from read-only fields, and the schema would then refuse "".
            "outcome": {"allow_blank": True},
        }

    # Optional in the OpenAPI schema (core.api.schema), though read-only.
    sometimes_absent = ("notes",)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not getattr(instance, "notes_visible", False):
            for key in self.sometimes_absent:
                data.pop(key, None)
        return data


class PlacementInputSerializer(serializers.ModelSerializer):
    person = VisibleRelatedField(Person, shown_as=PersonReferenceSerializer, help_text="Person id.")
    home_organization = VisibleRelatedField(
        Organization, shown_as=NamedReferenceSerializer, help_text="Organization id."
    )
    host_organization = VisibleRelatedField(
        Organization, shown_as=NamedReferenceSerializer, help_text="Organization id."
    )
    partnership = VisibleRelatedField(
        Partnership,
        shown_as=PartnershipReferenceSerializer,
        required=False,
        allow_null=True,
        help_text="Partnership id.",
    )
    academic_advisor = VisibleRelatedField(
        Person, shown_as=PersonReferenceSerializer, required=False, allow_null=True, help_text="Person id."
    )
    industry_mentor = VisibleRelatedField(
        Person, shown_as=PersonReferenceSerializer, required=False, allow_null=True, help_text="Person id."
    )

    class Meta:
        model = Placement
        fields = EDITABLE_FIELDS
        validators = []  # constraints and overlaps are the service's, with one message each


class PlacementUpdateSerializer(ExpectedVersionSerializer, PlacementInputSerializer):
    """An edit: the fields to change and the `version` it is based on."""

    class Meta(PlacementInputSerializer.Meta):
        fields = [*PlacementInputSerializer.Meta.fields, "version"]


INTERNSHIP_EXAMPLE = OpenApiExample(
    "A summer internship",
    request_only=True,
    value={
        "person": 3,
        "kind": "internship",
        "home_organization": 1,
        "host_organization": 3,
        "partnership": 1,
        "academic_advisor": 1,
        "start_date": "2026-06-01",
        "end_date": "2026-08-31",
        "status": "planned",
    },
)
OVERLAP = "Overlapping placements of one person are refused (400)."


@extend_schema_view(
    list=extend_schema(
        summary="List placements",
        description="A partner liaison sees placements hosted at or sent from their organization within its "
        "partnerships. Filter by kind, status, organization (home or host), partnership and year; `q` "
        "searches the person's name and the organizations.",
    ),
    retrieve=extend_schema(summary="Get a placement", description="One placement you may see; 404 otherwise."),
    create=extend_schema(
        summary="Create a placement",
        description=f"Staff and admins only. {OVERLAP}",
        request=PlacementInputSerializer,
        responses={201: PlacementSerializer},
        examples=[INTERNSHIP_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a placement",
        description=f"Staff and admins only. Send the `version` you read; a stale one answers 409. {OVERLAP}",
        request=PlacementUpdateSerializer,
        responses=PlacementSerializer,
    ),
    partial_update=extend_schema(
        summary="Change a placement",
        description=f"Staff and admins only. Send the fields to change and the `version` you read. {OVERLAP}",
        request=PlacementUpdateSerializer,
        responses=PlacementSerializer,
    ),
)
class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PartialUpdateMixin, ServiceViewSet):
    """Placements. Cancel one by its status; they are never deleted."""

    read_serializer_class = PlacementSerializer
    input_serializer_classes = {
        "create": PlacementInputSerializer,
        "update": PlacementUpdateSerializer,
        "partial_update": PlacementUpdateSerializer,
    }
    filterset_class = PlacementFilter

    def get_queryset(self):
        return placements_for_list(self.request.user).order_by("-start_date", "pk")

    def create(self, request):
        placement = services.placement_create(actor=request.user, data=self.validated_input())
        return self.respond_with(placement, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        placement = self.get_object()
        data = self.validated_input(partial=partial, instance=placement)
        expected_version = data.pop("version")
        placement = services.placement_update(
            placement=placement, actor=request.user, data=data, expected_version=expected_version
        )
        return self.respond_with(placement)
