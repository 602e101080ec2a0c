"""The REST API for partners, partnerships and funding: serializers validate and present, services write."""

from partnerships.api.funding import FundingViewSet
from partnerships.api.organizations import OrganizationViewSet
from partnerships.api.partnerships import PartnershipViewSet

__all__ = ["FundingViewSet", "OrganizationViewSet", "PartnershipViewSet"]
