"""The agreements endpoint: list, read, draft, edit, move through the lifecycle, sign.

Edits are optimistic: a read answers with `ETag: "<version>"`; an edit sends it back as
`If-Match` (stale: 412) or as `version` in the body (stale: 409); an edit with neither is
refused with 428 (see core.api.concurrency).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from agreements import services
from agreements.api import list_rows
from agreements.api.negotiation import ActivitiesMixin, DocumentsMixin, ReviewsMixin
from agreements.api.serializers import (
    AgreementCreateSerializer,
    AgreementSerializer,
    AgreementUpdateSerializer,
    Audience,
    BallPassSerializer,
    SignSerializer,
    TransitionSerializer,
    agreements_to_show,
)
from agreements.filters import AgreementFilter
from agreements.models import Agreement
from core.api.bases import PartialUpdateMixin, ServiceViewSet
from core.api.concurrency import etag, expected_version
from core.api.pagination import PageNumberOrCursorPagination
from core.api.renderers import JSONRenderer

PARTY_ID = OpenApiParameter("party_id", OpenApiTypes.INT, OpenApiParameter.PATH)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you read, e.g. `"4"`. Send it or `version` in the body; if stale, the edit answers 412.',
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='Optional: the ETag you read, e.g. `"4"`; if stale, nothing moves (412).',
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description='The agreement\'s version in quotes, e.g. `"4"`: send it back in If-Match to edit.',
)
EDIT_RESPONSES = {
    200: OpenApiResponse(AgreementSerializer, description="The agreement as saved."),
    409: OpenApiResponse(description="The `version` in the body is stale; nothing changed."),
    412: OpenApiResponse(description="The If-Match version is stale; nothing changed."),
    428: OpenApiResponse(description="Neither If-Match nor `version` was sent."),
}
EDIT_DESCRIPTION = (
    'Staff and admins only. Name the version your edit is based on: `If-Match: "<version>"` (the ETag of your '
    "read; stale answers 412) or `version` in the body (stale answers 409). With neither the edit answers 428. "
    "Term fields are flat keys, e.g. `publication_review_days`; executed, expired and terminated agreements are "
    "changed only by amendment (400)."
)
SPONSORED_RESEARCH_EXAMPLE = OpenApiExample(
    "Sponsored research from the Lambert 2 preset",
    request_only=True,
    value={
        "partnership": 7,
        "kind": "sponsored_research",
        "title": "Grasping of deformable objects",
        "preset": "lambert_2",
        "parties": [{"organization": 1}, {"organization": 3, "signatory": 12}],
        "value": "180000.00",
        "currency": "GBP",
        "effective_date": "2026-02-01",
        "expiry_date": "2028-01-31",
        "renewal_notice_days": 90,
        "publication_review_days": 45,
        "internal_notes": "Sponsor asked for 90 days' review; 45 is our limit.",
    },
)


def _etagged(response, agreement_version: int):
    response["ETag"] = etag(agreement_version)
    return response


@extend_schema_view(
    list=extend_schema(
        summary="List agreements",
        description="With parties, the terms in force and days each side held the ball. A partner liaison sees "
        "only agreements their organization is a party to, without internal notes. `q` searches reference and "
        "title; `status` may repeat; `ordering` takes reference, title, status, expiry or updated (prefix `-`). "
        "To walk many pages, send `cursor` (empty at first) and follow `next`: each page then costs the same.",
    ),
    retrieve=extend_schema(
        summary="Get an agreement",
        description="One agreement you may see; 404 otherwise. The `ETag` header carries its version for If-Match.",
        parameters=[ETAG],
    ),
    create=extend_schema(
        summary="Draft an agreement",
        description="Staff and admins only. Name the partnership, the parties (members of it) and the kind; "
        "`preset` fills the terms from a standard model and term fields you send (flat keys) override it. "
        "The reference is generated. A statement of work names its master agreement in `parent`.",
        request=AgreementCreateSerializer,
        responses={201: AgreementSerializer},
        examples=[SPONSORED_RESEARCH_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace an agreement's details and terms",
        description=EDIT_DESCRIPTION,
        parameters=[IF_MATCH, ETAG],
        request=AgreementUpdateSerializer,
        responses=EDIT_RESPONSES,
    ),
    partial_update=extend_schema(
        summary="Change an agreement's details or terms",
        description=f"Send only the fields to change. {EDIT_DESCRIPTION}",
        parameters=[IF_MATCH, ETAG],
        request=AgreementUpdateSerializer,
        responses=EDIT_RESPONSES,
    ),
)
class AgreementViewSet(
    mixins.ListModelMixin,
    PartialUpdateMixin,
    ActivitiesMixin,
    DocumentsMixin,
    ReviewsMixin,
    ServiceViewSet,
):
    """Agreements are never deleted: they end as terminated or expired and keep their history."""

    read_serializer_class = AgreementSerializer
    input_serializer_classes = {
        "create": AgreementCreateSerializer,
        "update": AgreementUpdateSerializer,
        "partial_update": AgreementUpdateSerializer,
    }
    filterset_class = AgreementFilter
    # The list's rows come already rendered (RenderedJSON in `results`): only this renderer writes
    # them into the page as they are.
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    # `?cursor=` pages in the default order (-updated_at, -pk) through agreements_updated_idx:
    # clients that walk every agreement do so at the same cost per page at any depth.
    pagination_class = PageNumberOrCursorPagination
    # Routes that show the agreement itself need its parties, parent and negotiation clock;
    # the others only need to know the caller may see it.
    FULL_READ_ACTIONS = {"list", "retrieve", "create", "update", "partial_update"}

    def get_queryset(self):
        visible = Agreement.objects.visible_to(self.request.user)
        if self.action not in self.FULL_READ_ACTIONS:
            return visible
        return agreements_to_show(visible, user=self.request.user)

    def list(self, request, *args, **kwargs):
        # Which agreements: visible_to and the filters, every time. How each looks: its stored row
        # when current, else built now (agreements.api.list_rows).
        audience = Audience.of(request.user)
        agreements = self.filter_queryset(Agreement.objects.visible_to(request.user))
        page = self.paginate_queryset(list_rows.page_rows(agreements, audience=audience))
        return self.get_paginated_response(list_rows.page_json(page, audience=audience, build_rows=self._build_rows))

    def _build_rows(self, ids):
        return list_rows.build(Agreement.objects.visible_to(self.request.user).filter(pk__in=ids))

    def respond_with(self, instance, status_code: int = status.HTTP_200_OK):
        # Read back through visible_to: the answer is only ever something the caller may see.
        agreement = get_object_or_404(
            agreements_to_show(Agreement.objects.visible_to(self.request.user), user=self.request.user),
            pk=instance.pk,
        )
        response = Response(self.read(AgreementSerializer, agreement), status=status_code)
        return _etagged(response, agreement.version)

    def retrieve(self, request, pk=None):
        agreement = self.get_object()
        return _etagged(Response(self.read(AgreementSerializer, agreement)), agreement.version)

    def create(self, request):
        data = self.validated_input()
        partnership = data.pop("partnership")
        parties = [(party["organization"], party.get("signatory")) for party in data.pop("parties")]
        preset = data.pop("preset", None)
        data.setdefault("owner", request.user)
        agreement = services.agreement_create(
            partnership=partnership, actor=request.user, data=data, parties=parties, preset=preset
        )
        return self.respond_with(agreement, status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        agreement = self.get_object()
        data = self.validated_input(partial=partial, instance=agreement)
        with expected_version(request, agreement.version, data.pop("version", None)) as version:
            agreement = services.agreement_update(
                agreement=agreement, actor=request.user, data=data, expected_version=version
            )
        return self.respond_with(agreement)

    @extend_schema(
        summary="Move an agreement to another status",
        description="Staff and admins only. A move the lifecycle does not allow answers 400 naming the allowed "
        "ones (also listed in `allowed_transitions`); execution needs the effective date and every party's "
        "signature date. Optionally name the version read, in If-Match (stale: 412) or `version` (stale: 409).",
        parameters=[IF_MATCH_OPTIONAL, ETAG],
        request=TransitionSerializer,
        responses=AgreementSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=TransitionSerializer)
    def transition(self, request, pk=None):
        agreement = self.get_object()
        data = self.validated_input()
        with expected_version(request, agreement.version, data.get("version"), required=False) as version:
            services.agreement_transition(
                agreement=agreement,
                to_status=data["to_status"],
                actor=request.user,
                note=data["note"],
                expected_version=version,
            )
        return self.respond_with(agreement)

    @extend_schema(
        summary="Pass the ball",
        description="Staff and admins only. Records who must act next; the negotiation clock (`ball_days`) "
        "counts from here.",
        request=BallPassSerializer,
        responses=AgreementSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=BallPassSerializer)
    def ball(self, request, pk=None):
        agreement = self.get_object()
        data = self.validated_input()
        services.agreement_pass_ball(agreement=agreement, holder=data["holder"], actor=request.user, note=data["note"])
        return self.respond_with(agreement)

    @extend_schema(
        summary="Record a party's signature",
        description="Staff and admins only. The date it signed (not in the future) and, optionally, who signed.",
        parameters=[PARTY_ID],
        request=SignSerializer,
        responses=AgreementSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"parties/(?P<party_id>[0-9]+)/sign",
        url_name="party-sign",
        serializer_class=SignSerializer,
    )
    def sign(self, request, pk=None, party_id=None):
        agreement = self.get_object()
        party = get_object_or_404(agreement.parties.all(), pk=party_id)
        data = self.validated_input()
        services.party_sign(
            party=party, actor=request.user, signed_on=data["signed_on"], signatory=data.get("signatory")
        )
        return self.respond_with(agreement)
