"""/api/v1/outputs/."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements.models import Agreement
from core.api.bases import (
    ExpectedVersionSerializer,
    NamedReferenceSerializer,
    PartialUpdateMixin,
    ServiceViewSet,
    VisibleRelatedField,
)
from outputs import services
from outputs.filters import OutputFilter
from outputs.models import LicenceIncome, Output
from outputs.services import OUTPUT_FIELDS
from outputs.views.outputs import outputs_for_list
from partnerships.api.partnerships import PersonReferenceSerializer
from partnerships.models import Organization, Partnership
from people.api.persons import PartnershipReferenceSerializer
from people.models import Person


class IncomeSerializer(serializers.ModelSerializer):
    counts_as_licence_income = serializers.BooleanField(read_only=True)

    class Meta:
        model = LicenceIncome
        fields = ["id", "received_on", "kind", "amount", "currency", "note", "counts_as_licence_income"]
        read_only_fields = fields


class OutputAgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)


class OutputSerializer(serializers.ModelSerializer):
    """An output of a partnership. `licence_income` is the AUTM licence income recorded against it."""

    partnership = PartnershipReferenceSerializer(read_only=True)
    agreement = OutputAgreementSerializer(read_only=True, allow_null=True)
    licensee = NamedReferenceSerializer(read_only=True, allow_null=True)
    people = PersonReferenceSerializer(many=True, read_only=True)
    licence_income = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Output
        fields = [
            "id",
            "partnership",
            "agreement",
            "kind",
            "title",
            "date",
            "people",
            "authors_text",
            "doi",
            "venue",
            "citations",
            "office",
            "number",
            "licensee",
            "exclusive",
            "licence_income",
            "business_result",
            "url",
            "description",
            "version",
        ]
        read_only_fields = fields
        # DRF drops allow_blank from read-only fields, and the schema would then refuse "".
        extra_kwargs = {"url": {"allow_blank": True}}


class OutputInputSerializer(serializers.ModelSerializer):
    partnership = VisibleRelatedField(Partnership, shown_as=PartnershipReferenceSerializer, help_text="Partnership id.")
    agreement = VisibleRelatedField(
        Agreement, shown_as=OutputAgreementSerializer, required=False, allow_null=True, help_text="Agreement id."
    )
    licensee = VisibleRelatedField(
        Organization, shown_as=NamedReferenceSerializer, required=False, allow_null=True, help_text="Organization id."
    )
    people = VisibleRelatedField(
        Person, shown_as=PersonReferenceSerializer, many=True, required=False, help_text="Person ids."
    )

    class Meta:
        model = Output
        fields = OUTPUT_FIELDS
        validators = []  # constraints are the service's, with one message each


class OutputUpdateSerializer(ExpectedVersionSerializer, OutputInputSerializer):
    class Meta(OutputInputSerializer.Meta):
        fields = [*OutputInputSerializer.Meta.fields, "version"]


class IncomeInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = LicenceIncome
        fields = ["received_on", "kind", "amount", "currency", "note"]


@extend_schema_view(
    list=extend_schema(
        summary="List outputs",
        description="Publications, patents, licences, start-ups and other outputs of the partnerships you may "
        "see. Filter by kind (repeatable), partnership and year; `q` searches title, venue, DOI and number.",
    ),
    retrieve=extend_schema(summary="Get an output", description="One output you may see; 404 otherwise."),
    create=extend_schema(
        summary="Record an output",
        description="Staff and admins only.",
        request=OutputInputSerializer,
        responses={201: OutputSerializer},
    ),
    update=extend_schema(
        summary="Replace an output",
        description="Staff and admins only. Send the `version` you read; a stale one answers 409.",
        request=OutputUpdateSerializer,
        responses=OutputSerializer,
    ),
    partial_update=extend_schema(
        summary="Change an output",
        description="Staff and admins only. Send the fields to change and the `version` you read.",
        request=OutputUpdateSerializer,
        responses=OutputSerializer,
    ),
)
class OutputViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PartialUpdateMixin, ServiceViewSet):
    read_serializer_class = OutputSerializer
    input_serializer_classes = {
        "create": OutputInputSerializer,
        "update": OutputUpdateSerializer,
        "partial_update": OutputUpdateSerializer,
        "income": IncomeInputSerializer,
    }
    filterset_class = OutputFilter

    def get_queryset(self):
        return outputs_for_list(self.request.user)

    def create(self, request):
        output = services.output_create(actor=request.user, data=self.validated_input())
        return self.respond_with(output, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        output = self.get_object()
        data = self.validated_input(partial=partial, instance=output)
        expected_version = data.pop("version")
        output = services.output_update(output=output, actor=request.user, data=data, expected_version=expected_version)
        return self.respond_with(output)

    @extend_schema(
        summary="Record licence income",
        description="Staff and admins only; licences and options only. Types outside AUTM licence income "
        "(patent cost reimbursement, research funding, uncashed equity) are kept but not counted.",
        request=IncomeInputSerializer,
        responses={201: IncomeSerializer},
    )
    @action(detail=True, methods=["post"])
    def income(self, request, pk=None):
        output = self.get_object()
        income = services.licence_income_add(output=output, actor=request.user, data=self.validated_input())
        return Response(IncomeSerializer(income).data, status=status.HTTP_201_CREATED)
