"""The REST API for agreements: serializers validate and present, agreements.services write."""

from agreements.api.agreements import AgreementViewSet

__all__ = ["AgreementViewSet"]
