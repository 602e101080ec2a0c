"""/api/v1/metrics/."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.permissions import RolePermission
from metrics.models import MetricValue, ScopeKind
from metrics.registry import METRICS


class MetricValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = MetricValue
        fields = ["scope_kind", "scope_id", "key", "period", "value", "computed_at"]
        read_only_fields = fields


class MetricDefinitionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField()
    derived = serializers.BooleanField()


class MetricValueFilter(django_filters.FilterSet):
    scope_kind = django_filters.ChoiceFilter(choices=ScopeKind.choices)
    scope_id = django_filters.NumberFilter()
    key = django_filters.CharFilter()
    period = django_filters.NumberFilter(help_text="A year; 0 for all time.")

    class Meta:
        model = MetricValue
        fields = ["scope_kind", "scope_id", "key", "period"]


@extend_schema_view(
    list=extend_schema(
        summary="List computed metrics",
        description="Rows of the metrics table: a metric for a scope (portfolio, partnership, partner "
        "organization) and a year (0: all time). A partner liaison gets only their own organization's rows "
        "and the output rows of their partnerships: never portfolio totals or another partner's figures.",
    ),
)
class MetricValueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [RolePermission]
    serializer_class = MetricValueSerializer
    filterset_class = MetricValueFilter

    def get_queryset(self):
        return MetricValue.objects.visible_to(self.request.user).order_by("scope_kind", "scope_id", "key", "period")

    @extend_schema(
        summary="Metric definitions",
        description="Every metric's key, label, description and unit.",
        responses=MetricDefinitionSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def definitions(self, request):
        return Response(MetricDefinitionSerializer(METRICS, many=True).data)
