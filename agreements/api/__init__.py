"""The REST API for agreements: serializers validate and present, agreements.services write."""

from agreements.api.agreements import AgreementViewSet
from agreements.api.playbook import DeviationViewSet, PlaybookRuleViewSet, PlaybookVersionViewSet
from agreements.api.publications import ManuscriptViewSet, PublicationReviewViewSet

__all__ = [
    "AgreementViewSet",
    "DeviationViewSet",
    "ManuscriptViewSet",
    "PlaybookRuleViewSet",
    "PlaybookVersionViewSet",
    "PublicationReviewViewSet",
]
