"""Everything under /api/v1/: one router that each app registers its viewsets on."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import CurrentUserView

router = DefaultRouter()

urlpatterns = [
    path("me/", CurrentUserView.as_view(), name="api-me"),
    *router.urls,
]
