from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status

from core.api.bases import (
    ExpectedVersionSerializer,
    NamedReferenceSerializer,
    PartialUpdateMixin,
    ServiceViewSet,
    VisibleRelatedField,
)
from core.querysets import VisiblePrefetch
from partnerships.models import Organization
from people import services
from people.filters import PersonFilter
from people.models import Affiliation, Participation, Person
from people.orcid import normalize
from people.services.persons import EDITABLE_FIELDS

PRIVATE_HELP = "Absent (not blank) for a partner liaison, unless the person is at the liaison's own organization."


class AffiliationSerializer(serializers.ModelSerializer):
    organization = NamedReferenceSerializer(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["id", "organization", "title", "start_date", "end_date"]
        read_only_fields = fields


class PartnershipReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class ParticipationSerializer(serializers.ModelSerializer):
    partnership = PartnershipReferenceSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["partnership", "role"]
        read_only_fields = fields


class ContactHiddenFromOutsiders(serializers.Serializer):
    """`email` and `notes` only where the queryset's `contact_visible` says so; otherwise the keys are absent."""

    # Optional in the OpenAPI schema (core.api.schema), though read-only.
    sometimes_absent = ("email", "notes")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not getattr(instance, "contact_visible", False):
            for key in self.sometimes_absent:
                data.pop(key, None)
        return data


class PersonSerializer(ContactHiddenFromOutsiders, serializers.ModelSerializer):
    """A person with their affiliations over time and their roles in partnerships."""

    affiliations = AffiliationSerializer(many=True, read_only=True)
    partnerships = ParticipationSerializer(source="participations", many=True, read_only=True)
    erased = serializers.BooleanField(source="is_erased", read_only=True, help_text="Personal data erased.")

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "orcid",
            "kind",
            "notes",
            "erased",
            "version",
            "affiliations",
            "partnerships",
        ]
        read_only_fields = fields
        # allow_blank: DRF drops it from read-only fields, and the schema would then refuse "".
        extra_kwargs = {"email": {"help_text": PRIVATE_HELP, "allow_blank": True}, "notes": {"help_text": PRIVATE_HELP}}


class PersonInputSerializer(serializers.ModelSerializer):
    orcid = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="An ORCID iD, bare or as its https://orcid.org/ URL; the check digit is verified.",
    )

    class Meta:
        model = Person
        fields = EDITABLE_FIELDS

    def validate_orcid(self, value):
        return normalize(value) if value else ""


class AffiliationInputSerializer(serializers.Serializer):
    organization = VisibleRelatedField(Organization, help_text="Organization id.")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class PersonCreateSerializer(PersonInputSerializer):
    """A new person and, optionally, their current affiliation."""

    affiliation = AffiliationInputSerializer(required=False)

    class Meta(PersonInputSerializer.Meta):
        fields = [*PersonInputSerializer.Meta.fields, "affiliation"]


class PersonUpdateSerializer(ExpectedVersionSerializer, PersonInputSerializer):
    """An edit: the fields to change and the `version` it is based on."""

    class Meta(PersonInputSerializer.Meta):
        fields = [*PersonInputSerializer.Meta.fields, "version"]


PERSON_EXAMPLE = OpenApiExample(
    "A PhD student",
    request_only=True,
    value={
        "first_name": "Mei",
        "last_name": "Chen",
        "email": "mei.chen@example.org",
        "orcid": "0000-0002-1825-0097",
        "kind": "phd_student",
        "affiliation": {"organization": 1, "title": "PhD candidate", "start_date": "2024-09-01"},
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="List people",
        description="A partner liaison sees the people of their own organization and those placed to or from "
        "it; e-mail and notes only of their own organization's people. `q` searches names and ORCID.",
    ),
    retrieve=extend_schema(summary="Get a person", description="One person you may see; 404 otherwise."),
    create=extend_schema(
        summary="Create a person",
        description="Staff and admins only. The ORCID iD's check digit is verified.",
        request=PersonCreateSerializer,
        responses={201: PersonSerializer},
        examples=[PERSON_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a person's details",
        description="Staff and admins only. Send the `version` you read; a stale version answers 409.",
        request=PersonUpdateSerializer,
        responses=PersonSerializer,
    ),
    partial_update=extend_schema(
        summary="Change a person's details",
        description="Staff and admins only. Send the fields to change and the `version` you read.",
        request=PersonUpdateSerializer,
        responses=PersonSerializer,
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PartialUpdateMixin, ServiceViewSet):
    """People. Never deleted through the API: erasure of personal data is a recorded staff action."""

    read_serializer_class = PersonSerializer
    input_serializer_classes = {
        "create": PersonCreateSerializer,
        "update": PersonUpdateSerializer,
        "partial_update": PersonUpdateSerializer,
    }
    filterset_class = PersonFilter

    def get_queryset(self):
        user = self.request.user
        return (
            Person.objects.visible_to(user)
            .with_contact_visibility(user)
            .prefetch_related(
                VisiblePrefetch(
                    "affiliations",
                    model=Affiliation,
                    user=user,
                    queryset=Affiliation.objects.select_related("organization").order_by("-start_date"),
                ),
                VisiblePrefetch(
                    "participations",
                    model=Participation,
                    user=user,
                    queryset=Participation.objects.select_related("partnership"),
                ),
            )
            .order_by("last_name", "first_name", "pk")
        )

    def create(self, request):
        data = self.validated_input()
        affiliation = data.pop("affiliation", None)
        person = services.person_create(actor=request.user, data=data, affiliation=affiliation)
        return self.respond_with(person, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        person = self.get_object()
        data = self.validated_input(partial=partial, instance=person)
        expected_version = data.pop("version")
        person = services.person_update(person=person, actor=request.user, data=data, expected_version=expected_version)
        return self.respond_with(person)
