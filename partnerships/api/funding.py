from decimal import Decimal

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.bases import (
    ExpectedVersionSerializer,
    NamedReferenceSerializer,
    PartialUpdateMixin,
    ServiceViewSet,
    VisibleRelatedField,
)
from core.querysets import VisiblePrefetch
from partnerships import selectors, services
from partnerships.filters import FundingFilter
from partnerships.models import FundingCommitment, Instalment, Organization, Partnership, Payment
from partnerships.services.funding import FUNDING_FIELDS

MONEY = {"max_digits": 14, "decimal_places": 2}
POSITIVE_MONEY = {**MONEY, "min_value": Decimal("0.01")}


class InstalmentSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**POSITIVE_MONEY)

    class Meta:
        model = Instalment
        fields = ["id", "due_date", "amount", "note"]


class PaymentSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**POSITIVE_MONEY)

    class Meta:
        model = Payment
        fields = ["id", "received_on", "amount", "reference"]


class FundingSerializer(serializers.ModelSerializer):
    """A commitment with what was received against it, its instalments and its payments."""

    source = NamedReferenceSerializer(read_only=True)
    received = serializers.DecimalField(**MONEY, read_only=True, help_text="The sum of the payments.")
    outstanding = serializers.DecimalField(**MONEY, read_only=True, help_text="Amount less received.")
    instalments = InstalmentSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = FundingCommitment
        fields = [
            "id",
            "partnership",
            "source",
            "mechanism",
            "amount",
            "currency",
            "in_kind_kind",
            "description",
            "start_date",
            "end_date",
            "agreement",
            "version",
            "received",
            "outstanding",
            "instalments",
            "payments",
        ]
        read_only_fields = fields
        # DRF drops allow_blank from read-only fields, and the schema would then refuse "".
        extra_kwargs = {"in_kind_kind": {"allow_blank": True}}


class FundingInputSerializer(serializers.ModelSerializer):
    source = VisibleRelatedField(
        Organization,
        shown_as=NamedReferenceSerializer,
        help_text="The committing organization: a member of the partnership.",
    )
    amount = serializers.DecimalField(**POSITIVE_MONEY, help_text="For in-kind contributions, the agreed valuation.")
    agreement = VisibleRelatedField(
        "agreements.Agreement",
        required=False,
        allow_null=True,
        help_text="The agreement of this partnership it is committed under.",
    )

    class Meta:
        model = FundingCommitment
        fields = FUNDING_FIELDS


class FundingUpdateSerializer(ExpectedVersionSerializer, FundingInputSerializer):
    class Meta(FundingInputSerializer.Meta):
        fields = [*FundingInputSerializer.Meta.fields, "version"]


class FundingCreateSerializer(FundingInputSerializer):
    partnership = VisibleRelatedField(Partnership, help_text="Partnership id.")

    class Meta(FundingInputSerializer.Meta):
        fields = ["partnership", *FundingInputSerializer.Meta.fields]


class FundingTotalsSerializer(serializers.Serializer):
    """Totals in one currency; amounts in different currencies are never added up."""

    currency = serializers.CharField()
    committed = serializers.DecimalField(**MONEY)
    received = serializers.DecimalField(**MONEY)
    outstanding = serializers.DecimalField(**MONEY)
    industry_cash = serializers.DecimalField(**MONEY, help_text="Cash committed by companies.")
    matching = serializers.DecimalField(**MONEY, help_text="Matching funds.")
    in_kind = serializers.DecimalField(**MONEY, help_text="Valuation of in-kind contributions.")
    leverage = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="(matching + in-kind) per unit of industry cash; null when there is no industry cash.",
    )


class FundingSummarySerializer(serializers.Serializer):
    by_currency = FundingTotalsSerializer(many=True, help_text="One entry per currency, largest commitment first.")


DIRECT_SPONSORSHIP_EXAMPLE = OpenApiExample(
    "Cash from the lead sponsor",
    request_only=True,
    value={
        "partnership": 7,
        "source": 3,
        "mechanism": "direct_sponsorship",
        "amount": "250000.00",
        "currency": "GBP",
        "description": "Years one and two",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
    },
)
IN_KIND_EXAMPLE = OpenApiExample(
    "Compute time, valued",
    request_only=True,
    value={
        "partnership": 7,
        "source": 4,
        "mechanism": "in_kind",
        "in_kind_kind": "compute",
        "amount": "40000.00",
        "currency": "GBP",
        "description": "GPU cluster hours",
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="List funding commitments",
        description="With what was received and what is outstanding. A partner liaison sees only what their "
        "own organization committed, never another sponsor's figures, even in a shared consortium.",
    ),
    retrieve=extend_schema(
        summary="Get a funding commitment", description="One commitment you may see; 404 otherwise."
    ),
    create=extend_schema(
        summary="Record a funding commitment",
        description="Staff and admins only. The source must be a member of the partnership; an in-kind "
        "contribution says what it is.",
        request=FundingCreateSerializer,
        responses={201: FundingSerializer},
        examples=[DIRECT_SPONSORSHIP_EXAMPLE, IN_KIND_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a funding commitment",
        description="Staff and admins only. The amount cannot drop below what is scheduled or received.",
        request=FundingUpdateSerializer,
        responses=FundingSerializer,
    ),
    partial_update=extend_schema(
        summary="Change a funding commitment",
        description="Staff and admins only. Send the fields to change; the amount cannot drop below what is "
        "scheduled or received.",
        request=FundingUpdateSerializer,
        responses=FundingSerializer,
    ),
    destroy=extend_schema(
        summary="Delete a funding commitment",
        description="Staff and admins only; for commitments recorded by mistake. Refused (400) once payments "
        "were received against it.",
    ),
)
class FundingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PartialUpdateMixin, ServiceViewSet):
    """Funding commitments of partnerships, with their instalments and payments."""

    read_serializer_class = FundingSerializer
    input_serializer_classes = {
        "create": FundingCreateSerializer,
        "update": FundingUpdateSerializer,
        "partial_update": FundingUpdateSerializer,
    }
    filterset_class = FundingFilter

    def get_queryset(self):
        # The funding list's rows: received summed per row shown, so a page of 25 does not group
        # every commitment's payments first.
        return (
            selectors.funding_for_list(self.request.user)
            .select_related("agreement")
            .prefetch_related(
                VisiblePrefetch("instalments", model=Instalment, user=self.request.user),
                VisiblePrefetch("payments", model=Payment, user=self.request.user),
            )
        )

    def create(self, request):
        data = self.validated_input()
        commitment = services.funding_create(partnership=data.pop("partnership"), actor=request.user, data=data)
        return self.respond_with(commitment, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        # Find it first: someone who may not see or change it gets 404 or 403, never a 400 that
        # would tell them it exists.
        commitment = self.get_object()
        data = self.validated_input(partial=partial, instance=commitment)
        commitment = services.funding_update(
            commitment=commitment, actor=request.user, data=data, expected_version=data.pop("version")
        )
        return self.respond_with(commitment)

    def destroy(self, request, pk=None):
        services.funding_delete(commitment=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Record a payment",
        description="Staff and admins only. Money received (for in-kind: value delivered); more than is "
        "outstanding is refused (400).",
        request=PaymentSerializer,
        responses={201: PaymentSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=PaymentSerializer)
    def payments(self, request, pk=None):
        commitment = self.get_object()
        data = self.validated_input()
        payment = services.payment_record(
            commitment=commitment,
            actor=request.user,
            received_on=data["received_on"],
            amount=data["amount"],
            reference=data.get("reference", ""),
        )
        return Response(self.read(PaymentSerializer, payment), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Schedule an instalment",
        description="Staff and admins only. Instalments together cannot exceed the commitment (400).",
        request=InstalmentSerializer,
        responses={201: InstalmentSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=InstalmentSerializer)
    def instalments(self, request, pk=None):
        commitment = self.get_object()
        data = self.validated_input()
        instalment = services.instalment_add(
            commitment=commitment,
            actor=request.user,
            due_date=data["due_date"],
            amount=data["amount"],
            note=data.get("note", ""),
        )
        return Response(self.read(InstalmentSerializer, instalment), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Funding totals per currency",
        description="Committed, received, outstanding, industry cash, matching funds, in-kind and leverage, "
        "over the commitments you may see that match the filters: e.g. `?partnership=<id>` or `?source=<id>`.",
        filters=True,
        responses=FundingSummarySerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request):
        # Aggregate over plain rows: the list's per-row annotations would be summed again.
        commitments = self.filter_queryset(FundingCommitment.objects.visible_to(request.user))
        return Response(FundingSummarySerializer(selectors.funding_totals(commitments)).data)
