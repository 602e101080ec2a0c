"""Everything under /api/v1/: one router that each app registers its viewsets on."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import CurrentUserView
from partnerships.api import FundingViewSet, OrganizationViewSet, PartnershipViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("funding", FundingViewSet, basename="funding")

urlpatterns = [
    path("me/", CurrentUserView.as_view(), name="api-me"),
    *router.urls,
]
