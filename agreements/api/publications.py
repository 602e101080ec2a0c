"""Manuscripts under an agreement's publication terms, and each reviewing party's answer.

The office submits manuscripts; a liaison sees only manuscripts with a review addressed to
their organization, and of those only their own organization's reviews. Only that liaison
answers a review (the office cannot clear a manuscript for a partner); the office resolves a
removal request.
"""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from agreements import services
from agreements.api.permissions import CanAnswerPublicationReview
from agreements.api.playbook import AgreementReferenceSerializer
from agreements.models import Agreement, Manuscript, PublicationReview, PublicationReviewStatus
from agreements.services.documents import MAX_DOCUMENT_BYTES, detect_type
from core.api.bases import NamedReferenceSerializer, ServiceViewSet, VisibleRelatedField
from core.querysets import VisiblePrefetch
from partnerships.api.partnerships import UserReferenceSerializer

# --- Reading -------------------------------------------------------------------------------


class StandingSerializer(serializers.Serializer):
    """Where the manuscript stands, in plain words, and the first day it may be submitted."""

    release_date = serializers.DateField(read_only=True)
    summary = serializers.CharField(read_only=True)


class PublicationReviewBaseSerializer(serializers.ModelSerializer):
    organization = NamedReferenceSerializer(read_only=True)
    answered_by = UserReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PublicationReview
        fields = [
            "id",
            "organization",
            "due_date",
            "status",
            "delay_days",
            "request_text",
            "resolution",
            "resolved_at",
            "answered_on",
            "answered_by",
        ]
        read_only_fields = fields


class ManuscriptReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class PublicationReviewSerializer(PublicationReviewBaseSerializer):
    """One reviewing party's review of a manuscript, with its deadline from the agreement's terms."""

    manuscript = ManuscriptReferenceSerializer(read_only=True)

    class Meta(PublicationReviewBaseSerializer.Meta):
        fields = ["id", "manuscript", *PublicationReviewBaseSerializer.Meta.fields[1:]]
        read_only_fields = fields


class ManuscriptSerializer(serializers.ModelSerializer):
    """A manuscript, the reviews you may see, and where it stands."""

    agreement = AgreementReferenceSerializer(read_only=True)
    file_name = serializers.CharField(source="original_name", read_only=True)
    submitted_by = UserReferenceSerializer(read_only=True)
    standing = serializers.SerializerMethodField()
    reviews = PublicationReviewBaseSerializer(
        source="visible_reviews",
        many=True,
        read_only=True,
        help_text="The reviews you may see: all for the office, only your organization's for a liaison.",
    )

    class Meta:
        model = Manuscript
        fields = [
            "id",
            "agreement",
            "title",
            "authors",
            "venue",
            "planned_submission_date",
            "file_name",
            "submitted_for_review_on",
            "review_period_days",
            "allowed_delay_days",
            "submitted_by",
            "created_at",
            "standing",
            "reviews",
        ]
        read_only_fields = fields

    @extend_schema_field(StandingSerializer)
    def get_standing(self, manuscript) -> dict:
        # The release date depends on every party's answer, so it is computed from all reviews.
        standing = services.manuscript_standing(manuscript, reviews=manuscript.all_reviews)
        return StandingSerializer(standing).data


# --- Input ---------------------------------------------------------------------------------


class ManuscriptCreateSerializer(serializers.Serializer):
    agreement = VisibleRelatedField(Agreement, help_text="The agreement whose publication terms apply.")
    title = serializers.CharField(max_length=300)
    authors = serializers.CharField(max_length=500)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    planned_submission_date = serializers.DateField(required=False, allow_null=True, default=None)
    file = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Multipart only: the manuscript as sent to the partners, a PDF or a Word (DOCX) document.",
    )

    def validate_file(self, uploaded):
        if uploaded is None:
            return None
        if uploaded.size > MAX_DOCUMENT_BYTES:
            raise serializers.ValidationError(f"The file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.")
        data = uploaded.read()
        uploaded.seek(0)
        if detect_type(data[:8], data) is None:
            raise serializers.ValidationError("Upload a PDF or a Word (DOCX) document; this file is neither.")
        return uploaded


# What a reviewing party may answer (named in the schema through ENUM_NAME_OVERRIDES).
ANSWER_ACTIONS = [
    ("clear", "Clear for publication"),
    ("request_removal", "Ask for removal of confidential information"),
    ("request_delay", "Ask for a patent delay"),
]


class PublicationAnswerSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ANSWER_ACTIONS)
    delay_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="For `request_delay`: days past the review deadline, at most the agreement's allowed delay.",
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for `request_removal`: which confidential information to remove.",
    )


class PublicationResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(help_text="What was removed or changed; the review then counts as cleared.")


# --- Filters -------------------------------------------------------------------------------


class ManuscriptFilter(django_filters.FilterSet):
    agreement = django_filters.NumberFilter(field_name="agreement_id", help_text="An agreement's id.")

    class Meta:
        model = Manuscript
        fields = ["agreement"]


class PublicationReviewFilter(django_filters.FilterSet):
    manuscript = django_filters.NumberFilter(field_name="manuscript_id", help_text="A manuscript's id.")
    status = django_filters.ChoiceFilter(choices=PublicationReviewStatus.choices)

    class Meta:
        model = PublicationReview
        fields = ["manuscript", "status"]


# --- Viewsets ------------------------------------------------------------------------------

MANUSCRIPT_EXAMPLE = OpenApiExample(
    "A conference paper under Acme's agreement",
    request_only=True,
    value={
        "agreement": 12,
        "title": "Learning to grasp deformable objects",
        "authors": "A. Okafor, B. Lindqvist",
        "venue": "ICRA 2027",
        "planned_submission_date": "2026-09-15",
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="List manuscripts under review",
        description="Newest first, each with the reviews you may see and where it stands. A partner liaison sees "
        "only manuscripts with a review addressed to their organization. Filter by `agreement` (id).",
    ),
    retrieve=extend_schema(summary="Get a manuscript", description="One manuscript you may see; 404 otherwise."),
    create=extend_schema(
        summary="Submit a manuscript for partner review",
        description="Staff and admins only. JSON, or multipart form data to attach the file (PDF or DOCX). Every "
        "non-academic party of the agreement gets a review due after the agreement's review period, counted "
        "from today; refused (400) when the agreement settles no review period.",
        request={
            "application/json": ManuscriptCreateSerializer,
            "multipart/form-data": ManuscriptCreateSerializer,
        },
        responses={201: ManuscriptSerializer},
        examples=[MANUSCRIPT_EXAMPLE],
    ),
)
class ManuscriptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Manuscripts are kept with their reviews: the record of what partners were shown."""

    read_serializer_class = ManuscriptSerializer
    input_serializer_classes = {"create": ManuscriptCreateSerializer}
    filterset_class = ManuscriptFilter

    def get_queryset(self):
        user = self.request.user
        return (
            Manuscript.objects.visible_to(user)
            .select_related("agreement", "submitted_by")
            .prefetch_related(
                # Whole on purpose: only the standing is worked out from them (the release date
                # needs every party's answer; its summary names parties, whom every party sees).
                Prefetch(
                    "reviews", queryset=PublicationReview.objects.select_related("organization"), to_attr="all_reviews"
                ),
                VisiblePrefetch(
                    "reviews",
                    model=PublicationReview,
                    user=user,
                    queryset=PublicationReview.objects.select_related("organization", "answered_by"),
                    to_attr="visible_reviews",
                ),
            )
        )

    def create(self, request):
        data = self.validated_input()
        manuscript = services.manuscript_submit(
            agreement=data["agreement"],
            actor=request.user,
            title=data["title"],
            authors=data["authors"],
            venue=data["venue"],
            planned_submission_date=data["planned_submission_date"],
            uploaded_file=data["file"],
        )
        return self.respond_with(manuscript, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="List publication reviews",
        description="Soonest deadline first. A partner liaison sees only reviews addressed to their organization. "
        "Filter by `manuscript` (id) and `status`.",
    ),
    retrieve=extend_schema(summary="Get a publication review", description="One review you may see; 404 otherwise."),
)
class PublicationReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Reviews are created with their manuscript; partners answer them and the office resolves removals."""

    read_serializer_class = PublicationReviewSerializer
    filterset_class = PublicationReviewFilter

    def get_queryset(self):
        return PublicationReview.objects.visible_to(self.request.user).select_related(
            "manuscript", "organization", "answered_by"
        )

    @extend_schema(
        summary="Answer a publication review",
        description="Liaisons of the reviewing party only: the office cannot answer for a partner (403). Clear "
        "the manuscript, ask for removal of confidential information (say which in `text`), or ask for a patent "
        "delay of `delay_days` past the deadline; a delay longer than the agreement allows is refused (400) with "
        "the limit stated. A review is answered once.",
        request=PublicationAnswerSerializer,
        responses={
            200: PublicationReviewSerializer,
            400: OpenApiResponse(description="Delay over the limit, no text for a removal, or already answered."),
        },
        examples=[
            OpenApiExample(
                "A patent delay", request_only=True, value={"action": "request_delay", "delay_days": 45, "text": ""}
            )
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        serializer_class=PublicationAnswerSerializer,
        permission_classes=[CanAnswerPublicationReview],
    )
    def answer(self, request, pk=None):
        review = self.get_object()
        data = self.validated_input()
        review = services.publication_review_answer(
            review=review, actor=request.user, action=data["action"], delay_days=data["delay_days"], text=data["text"]
        )
        return self.respond_with(review)

    @extend_schema(
        summary="Resolve a removal request",
        description="Staff and admins only. Say what was removed or changed; the review then counts as cleared. "
        "Only a review whose partner asked for removals can be resolved (400 otherwise).",
        request=PublicationResolveSerializer,
        responses={
            200: PublicationReviewSerializer,
            400: OpenApiResponse(description="No resolution, or the review is not a removal request."),
        },
    )
    @action(detail=True, methods=["post"], serializer_class=PublicationResolveSerializer)
    def resolve(self, request, pk=None):
        review = self.get_object()
        data = self.validated_input()
        review = services.publication_review_resolve(review=review, actor=request.user, resolution=data["resolution"])
        return self.respond_with(review)
