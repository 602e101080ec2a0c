"""/api/v1/exports/: the same exports as the list pages, as jobs an API client starts and downloads."""

from django.http import FileResponse
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.bases import ServiceViewSet
from core.exports import all_tables
from reports import services
from reports.models import ExportFormat, ExportJob

# What a download answers, by format: the schema documents each one (below).
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField(), source="header")


class ExportJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "table",
            "table_title",
            "format",
            "params",
            "description",
            "status",
            "rows_total",
            "rows_done",
            "percent",
            "error",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, job) -> str | None:
        if not job.downloadable:
            return None
        return self.context["request"].build_absolute_uri(reverse("export-download", args=[job.pk]))


class ExportJobCreateSerializer(serializers.Serializer):
    table = serializers.CharField(help_text="An export table's key: see /api/v1/exports/tables/.")
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    filters = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        default=dict,
        help_text='The list\'s filters, as on its page: {"status": ["executed", "signed"], "q": "robot"}.',
    )

    def validate_filters(self, filters):
        for name, value in filters.items():
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(item, str | int) and not isinstance(item, bool) for item in values):
                raise serializers.ValidationError(f"{name}: give a text, a number or a list of them.")
        return filters


class ExportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Your export jobs. POST starts one (202); poll it until `status` is `done`, then download it."""

    # Everyone signed in exports what they may see; each sees only their own jobs.
    permission_classes = [IsAuthenticated]
    serializer_class = ExportJobSerializer
    read_serializer_class = ExportJobSerializer
    input_serializer_classes = {"create": ExportJobCreateSerializer}

    def get_queryset(self):
        return ExportJob.objects.visible_to(self.request.user)

    @extend_schema(request=ExportJobCreateSerializer, responses={202: ExportJobSerializer})
    def create(self, request):
        data = self.validated_input()
        job = services.export_start(
            user=request.user,
            table_key=data["table"],
            export_format=data["format"],
            params=urlencode(data["filters"], doseq=True),
        )
        job.refresh_from_db()  # an eager (test) run has finished it already
        return Response(self.read(ExportJobSerializer, job), status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: ExportTableSerializer(many=True)})
    @action(detail=False, pagination_class=None)
    def tables(self, request):
        """The lists you may export, with their columns."""
        tables = [table for table in all_tables() if table.allowed(request.user)]
        return Response(ExportTableSerializer(tables, many=True).data)

    @extend_schema(
        responses={
            **{
                (200, content_type): OpenApiResponse(
                    OpenApiTypes.BINARY, description=f"The file, when the job's format is {ExportFormat(key).label}."
                )
                for key, content_type in CONTENT_TYPES.items()
            },
            410: OpenApiResponse(description="Expired, failed or not ready yet."),
        }
    )
    @action(detail=True)
    def download(self, request, pk=None):
        job = self.get_object()
        if not job.downloadable:
            raise Gone()
        return FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[job.format]
        )


class Gone(NotFound):
    status_code = status.HTTP_410_GONE
    default_detail = "This export is not available: it has expired, failed, or is still being prepared."
    default_code = "gone"
