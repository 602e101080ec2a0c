from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core import roles


class CurrentUserSerializer(serializers.ModelSerializer):
    organization_ids = serializers.SerializerMethodField(
        help_text="For a liaison, the partner organizations they act for; empty otherwise."
    )

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "role", "organization_ids"]
        read_only_fields = fields
        # DRF drops allow_blank from read-only fields, and the schema would then refuse "".
        extra_kwargs = {"email": {"allow_blank": True}}

    def get_organization_ids(self, user) -> list[int]:
        return sorted(roles.liaison_organization_ids(user))


class CurrentUserView(APIView):
    """Who the caller is and which role they have."""

    @extend_schema(responses=CurrentUserSerializer, summary="The signed-in user")
    def get(self, request):
        return Response(CurrentUserSerializer(request.user).data)
