from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status

from core.api.bases import (
    ExpectedVersionSerializer,
    InternalNotesHiddenFromPartners,
    PartialUpdateMixin,
    ServiceViewSet,
    VisibleRelatedField,
)
from partnerships import services
from partnerships.filters import OrganizationFilter, with_partnership_count
from partnerships.models import Organization
from partnerships.services.organizations import EDITABLE_FIELDS


# CountryFieldMixin: the country is its ISO code, also when blank (the plain choice field cannot encode that).
class OrganizationSerializer(CountryFieldMixin, InternalNotesHiddenFromPartners, serializers.ModelSerializer):
    """A partner organization. `internal_notes` is there for the technology-transfer office only."""

    parent = VisibleRelatedField(
        Organization, required=False, allow_null=True, help_text="The organization this one belongs to, by id."
    )
    partnership_count = serializers.IntegerField(
        read_only=True, help_text="Partnerships the organization is a member of, among those you may see."
    )

    class Meta:
        model = Organization
        fields = ["id", *EDITABLE_FIELDS, "version", "partnership_count"]
        read_only_fields = ["version"]
        extra_kwargs = {"internal_notes": {"help_text": "Internal roles only: the key is absent for partner liaisons."}}


class OrganizationUpdateSerializer(ExpectedVersionSerializer, OrganizationSerializer):
    """An edit: the fields to change and the `version` it is based on."""


ACME_EXAMPLE = OpenApiExample(
    "A partner company",
    request_only=True,
    value={
        "name": "Acme Robotics",
        "kind": "company",
        "country": "DE",
        "sector": "Industrial robotics",
        "website": "https://acme-robotics.example.com",
        "status": "prospect",
        "internal_notes": "Met at the automation fair; interested in grasping research.",
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="List organizations",
        description="Universities, companies, institutes, funders and foundations. A partner liaison sees "
        "only their own organization. Filter with the query parameters; `q` searches name and sector.",
    ),
    retrieve=extend_schema(summary="Get an organization", description="One organization you may see; 404 otherwise."),
    create=extend_schema(
        summary="Create an organization",
        description="Staff and admins only.",
        request=OrganizationSerializer,
        responses={201: OrganizationSerializer},
        examples=[ACME_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace an organization",
        description="Staff and admins only. Send the `version` you read; a stale version answers 409.",
        request=OrganizationUpdateSerializer,
        responses=OrganizationSerializer,
    ),
    partial_update=extend_schema(
        summary="Change an organization",
        description="Staff and admins only. Send the fields to change and the `version` you read; "
        "a stale version answers 409.",
        request=OrganizationUpdateSerializer,
        responses=OrganizationSerializer,
    ),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PartialUpdateMixin, ServiceViewSet):
    """Partner organizations. Never deleted: archive one by setting its status."""

    read_serializer_class = OrganizationSerializer
    input_serializer_classes = {"update": OrganizationUpdateSerializer, "partial_update": OrganizationUpdateSerializer}
    filterset_class = OrganizationFilter

    def get_queryset(self):
        user = self.request.user
        organizations = with_partnership_count(Organization.objects.visible_to(user), user).select_related("parent")
        # An aggregate drops Meta.ordering; pages need a stable order (`ordering=` still wins).
        return organizations.order_by("name", "pk")

    def create(self, request):
        organization = services.organization_create(actor=request.user, data=self.validated_input())
        return self.respond_with(organization, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        organization = self.get_object()
        data = self.validated_input(partial=partial, instance=organization)
        organization = services.organization_update(
            organization=organization, actor=request.user, expected_version=data.pop("version"), data=data
        )
        return self.respond_with(organization)
