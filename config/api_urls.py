"""Everything under /api/v1/: one router that each app registers its viewsets on."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import CurrentUserView
from agreements.api import AgreementViewSet
from partnerships.api import FundingViewSet, OrganizationViewSet, PartnershipViewSet
from people.api import PersonViewSet, PlacementViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("funding", FundingViewSet, basename="funding")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("people", PersonViewSet, basename="person")
router.register("placements", PlacementViewSet, basename="placement")

urlpatterns = [
    path("me/", CurrentUserView.as_view(), name="api-me"),
    *router.urls,
]
