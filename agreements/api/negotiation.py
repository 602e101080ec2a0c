"""The negotiation around one agreement: activities, document versions and review rounds.

Mixed into AgreementViewSet: every route starts from the agreement found through
`visible_to(user)` (404 otherwise), then finds the activity, document or round through its
own `visible_to(user)`, never through the agreement's related managers alone.
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements import selectors, services
from agreements.api.permissions import CanCommentOnRound, CanDecideRound
from agreements.api.serializers import (
    ActivityInputSerializer,
    ActivitySerializer,
    ComparisonSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    ReviewCommentInputSerializer,
    ReviewCommentSerializer,
    ReviewDecisionSerializer,
    ReviewRoundSerializer,
    ReviewSendSerializer,
)
from agreements.models import Activity, Document, ReviewComment, ReviewRound
from core.api.parsers import FormParser, MultiPartParser
from core.querysets import VisiblePrefetch

ACTIVITY_ID = OpenApiParameter("activity_id", OpenApiTypes.INT, OpenApiParameter.PATH)
DOCUMENT_ID = OpenApiParameter("document_id", OpenApiTypes.INT, OpenApiParameter.PATH)
ROUND_ID = OpenApiParameter("round_id", OpenApiTypes.INT, OpenApiParameter.PATH)
COMPARE_WITH = OpenApiParameter(
    "with",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Another round's id on the same agreement, or `current` (the default) for the terms in force now.",
)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ActivitiesMixin:
    @extend_schema(
        methods=["GET"],
        summary="List an agreement's activities",
        description="Calls, e-mails, meetings and drafts, newest first. Partner liaisons never see internal entries.",
        filters=False,
        responses=ActivitySerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Log an activity",
        description="Staff and admins only. Entries are internal unless `internal` is false; a follow-up date "
        "comes after the activity.",
        request=ActivityInputSerializer,
        responses={201: ActivitySerializer},
    )
    @action(detail=True, methods=["get", "post"], serializer_class=ActivityInputSerializer, pagination_class=None)
    def activities(self, request, pk=None):
        agreement = self.get_object()
        if request.method == "POST":
            activity = services.activity_log(agreement=agreement, actor=request.user, data=self.validated_input())
            return Response(self.read(ActivitySerializer, activity), status=status.HTTP_201_CREATED)
        activities = self._activities(agreement).select_related("created_by")
        return Response(ActivitySerializer(activities, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Mark an activity's follow-up done",
        description="Staff and admins only. Refused (400) when there is no open follow-up.",
        parameters=[ACTIVITY_ID],
        request=None,
        responses=ActivitySerializer,
    )
    @action(
        detail=True, methods=["post"], url_path=r"activities/(?P<activity_id>[0-9]+)/done", url_name="activity-done"
    )
    def activity_done(self, request, pk=None, activity_id=None):
        activity = get_object_or_404(self._activities(self.get_object()), pk=activity_id)
        activity = services.activity_follow_up_done(activity=activity, actor=request.user)
        return Response(self.read(ActivitySerializer, activity))

    def _activities(self, agreement):
        return Activity.objects.visible_to(self.request.user).filter(agreement=agreement)


class DocumentsMixin:
    @extend_schema(
        methods=["GET"],
        summary="List an agreement's document versions",
        description="Newest version first, with size and SHA-256; fetch a file from its `download_url`.",
        filters=False,
        responses=DocumentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Upload a document version",
        description="Staff and admins only; multipart form data. The bytes must really be a PDF or a DOCX "
        "whatever the file is called (400 otherwise); each upload becomes the next version.",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=DocumentUploadSerializer,
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
    )
    def documents(self, request, pk=None):
        agreement = self.get_object()
        if request.method == "POST":
            data = self.validated_input()
            document = services.document_upload(
                agreement=agreement, actor=request.user, uploaded_file=data["file"], note=data["note"]
            )
            return Response(self.read(DocumentSerializer, document), status=status.HTTP_201_CREATED)
        documents = self._documents(agreement).select_related("uploaded_by")
        return Response(DocumentSerializer(documents, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Download a document version",
        description="The file as an attachment, under the name it was uploaded with.",
        parameters=[DOCUMENT_ID],
        responses={
            (200, CONTENT_TYPES["pdf"]): OpenApiTypes.BINARY,
            (200, CONTENT_TYPES["docx"]): OpenApiTypes.BINARY,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>[0-9]+)/download",
        url_name="document-download",
    )
    def download(self, request, pk=None, document_id=None):
        document = get_object_or_404(self._documents(self.get_object()), pk=document_id)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=CONTENT_TYPES[document.file_type],
        )

    def _documents(self, agreement):
        return Document.objects.visible_to(self.request.user).filter(agreement=agreement)


class ReviewsMixin:
    @extend_schema(
        methods=["GET"],
        summary="List an agreement's review rounds",
        description="Newest first, each with the terms as sent and its comments. A partner liaison sees only "
        "rounds sent to their own organization, and no internal comments.",
        filters=False,
        responses=ReviewRoundSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Send the agreement to a party for review",
        description="Staff and admins only. Freezes the current terms and latest document, passes the ball to "
        "the sponsor and moves the agreement to partner review where its status allows. One open round per party.",
        request=ReviewSendSerializer,
        responses={201: ReviewRoundSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=ReviewSendSerializer,
        pagination_class=None,
    )
    def reviews(self, request, pk=None):
        agreement = self.get_object()
        if request.method == "POST":
            data = self.validated_input()
            review_round = services.review_send(
                agreement=agreement,
                organization=data["organization"],
                actor=request.user,
                due_date=data["due_date"],
                message=data["message"],
            )
            return self._round_response(review_round, status.HTTP_201_CREATED)
        return Response(
            ReviewRoundSerializer(self._rounds(agreement), many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Comment on a review round",
        description="Staff, admins and liaisons of the reviewing party, while the round is open. `internal` "
        "is for the office only: a liaison's comment is never internal.",
        parameters=[ROUND_ID],
        request=ReviewCommentInputSerializer,
        responses={201: ReviewCommentSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"reviews/(?P<round_id>[0-9]+)/comments",
        url_name="review-comments",
        serializer_class=ReviewCommentInputSerializer,
        permission_classes=[CanCommentOnRound],
    )
    def review_comments(self, request, pk=None, round_id=None):
        review_round = self._acting_on_round(round_id)
        data = self.validated_input()
        comment = services.review_comment(
            review_round=review_round,
            actor=request.user,
            term_group=data["term_group"],
            body=data["body"],
            internal=data["internal"],
        )
        return Response(self.read(ReviewCommentSerializer, comment), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Approve a review round or request changes",
        description="Liaisons of the reviewing party only: the office cannot answer for a partner (403). "
        "Requesting changes needs a note or comments on the round. The ball comes back to the office.",
        parameters=[ROUND_ID],
        request=ReviewDecisionSerializer,
        responses=ReviewRoundSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"reviews/(?P<round_id>[0-9]+)/decision",
        url_name="review-decision",
        serializer_class=ReviewDecisionSerializer,
        permission_classes=[CanDecideRound],
    )
    def review_decision(self, request, pk=None, round_id=None):
        review_round = self._acting_on_round(round_id)
        data = self.validated_input()
        review_round = services.review_decide(
            review_round=review_round, actor=request.user, decision=data["decision"], note=data["note"]
        )
        return self._round_response(review_round)

    @extend_schema(
        summary="Compare a round's terms",
        description="The terms that differ between this round (`old`) and another round or the terms in force "
        "now (`new`), field by field, as people read them.",
        parameters=[ROUND_ID, COMPARE_WITH],
        filters=False,
        responses=ComparisonSerializer,
    )
    @action(detail=True, methods=["get"], url_path=r"reviews/(?P<round_id>[0-9]+)/compare", url_name="review-compare")
    def review_compare(self, request, pk=None, round_id=None):
        agreement = self.get_object()
        rounds = ReviewRound.objects.visible_to(request.user).filter(agreement=agreement)
        review_round = get_object_or_404(rounds, pk=round_id)
        other = request.query_params.get("with", "current")
        if other == "current":
            after, compared_with = selectors.effective_terms_snapshot(agreement), "current"
        else:
            # Like an id in a body: a round the caller cannot see fails exactly like one that does not exist.
            other_round = rounds.filter(pk=other).first() if other.isascii() and other.isdecimal() else None
            if other_round is None:
                raise ValidationError({"with": "Name another round of this agreement, or `current`."})
            after, compared_with = other_round.terms, str(other_round.number)
        result = {
            "round": review_round.number,
            "compared_with": compared_with,
            "changes": selectors.comparison(review_round.terms, after),
        }
        return Response(ComparisonSerializer(result).data)

    def _rounds(self, agreement):
        user = self.request.user
        return (
            ReviewRound.objects.visible_to(user)
            .filter(agreement=agreement)
            .select_related("organization", "sent_by", "decided_by")
            .prefetch_related(
                VisiblePrefetch(
                    "comments",
                    model=ReviewComment,
                    user=user,
                    queryset=ReviewComment.objects.select_related("author"),
                    to_attr="visible_comments",
                )
            )
        )

    def _acting_on_round(self, round_id) -> ReviewRound:
        """The round, found through the visible agreement and visible rounds, and the caller's right to act on it."""
        agreement = self.get_object()
        review_round = get_object_or_404(
            ReviewRound.objects.visible_to(self.request.user).filter(agreement=agreement), pk=round_id
        )
        self.check_object_permissions(self.request, review_round)
        return review_round

    def _round_response(self, review_round, status_code=status.HTTP_200_OK) -> Response:
        review_round = get_object_or_404(self._rounds(review_round.agreement_id), pk=review_round.pk)
        return Response(self.read(ReviewRoundSerializer, review_round), status=status_code)
