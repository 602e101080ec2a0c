"""Everything under /api/v1/: one router that each app registers its viewsets on."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import CurrentUserView
from agreements.api import (
    AgreementViewSet,
    DeviationViewSet,
    ManuscriptViewSet,
    PlaybookRuleViewSet,
    PlaybookVersionViewSet,
    PublicationReviewViewSet,
)
from metrics.api import MetricValueViewSet
from outputs.api import OutputViewSet
from partnerships.api import FundingViewSet, OrganizationViewSet, PartnershipViewSet
from people.api import PersonViewSet, PlacementViewSet
from reports.api import ExportJobViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("funding", FundingViewSet, basename="funding")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("playbook-rules", PlaybookRuleViewSet, basename="playbook-rule")
router.register("playbook-versions", PlaybookVersionViewSet, basename="playbook-version")
router.register("deviations", DeviationViewSet, basename="deviation")
router.register("manuscripts", ManuscriptViewSet, basename="manuscript")
router.register("publication-reviews", PublicationReviewViewSet, basename="publication-review")
router.register("people", PersonViewSet, basename="person")
router.register("placements", PlacementViewSet, basename="placement")
router.register("outputs", OutputViewSet, basename="output")
router.register("metrics", MetricValueViewSet, basename="metric")
router.register("exports", ExportJobViewSet, basename="export")

urlpatterns = [
    path("me/", CurrentUserView.as_view(), name="api-me"),
    *router.urls,
]
