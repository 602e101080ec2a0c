"""What every endpoint shares: id references, internal notes, versions, the write path."""

import json

from django.apps import apps
from django.shortcuts import get_object_or_404
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from core import roles
from core.api.filters import FilterBackend
from core.api.inputs import unexpected_fields
from core.api.permissions import LookupFirstRolePermission


class ReferenceMixin:
    """Another record named by its id, or by the object GET shows for it (`{"id": 3, "name": "Acme"}`).

    So that what GET answers can be sent back as it is. The id alone chooses the record; the
    other keys only describe it, and must describe it as GET would (400 otherwise): a client that
    edits a name inside a reference learns that this changes nothing, rather than losing the edit
    in silence. `shown_as` is the serializer GET shows the reference with; without it only ids.
    """

    def __init__(self, *args, shown_as: type[serializers.Serializer] | None = None, **kwargs):
        self.shown_as = shown_as
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        if self.shown_as is None or not isinstance(data, dict):
            return super().to_internal_value(data)
        if "id" not in data:
            raise serializers.ValidationError("Name the record by its id, alone or in the object GET shows.")
        record = super().to_internal_value(data["id"])
        shown = self.shown_as(record, context=self.context).data
        unknown = sorted(set(data) - set(shown))
        if unknown:
            raise serializers.ValidationError(f"Unknown in a reference: {', '.join(unknown)}.")
        differ = sorted(key for key in data if key != "id" and data[key] != shown[key])
        if differ:
            raise serializers.ValidationError(
                f"{', '.join(differ)} is not record {record.pk}'s: a reference chooses a record by its id "
                "and cannot change it."
            )
        return record


class ReferenceField(ReferenceMixin, serializers.PrimaryKeyRelatedField):
    """An id (or the object GET shows) from the field's queryset."""


class VisibleRelatedField(ReferenceMixin, serializers.PrimaryKeyRelatedField):
    """An id in the input, resolved through `visible_to(user)`.

    An id the caller may not see fails exactly like an id that does not exist (a 400 on the
    field), so input cannot be used to probe for other partners' records. Like every reference,
    it also takes the object GET shows (ReferenceMixin).
    """

    def __init__(self, model, **kwargs):
        # A lower app names a higher app's model by its label ("people.Person"), as Django's
        # relations do, rather than importing it (docs/architecture.md).
        self.model = apps.get_model(model) if isinstance(model, str) else model
        # The unscoped queryset only satisfies DRF's checks and tells the schema the model;
        # lookups go through get_queryset.
        super().__init__(queryset=self.model.objects.all(), **kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.context["request"].user)


class NamedReferenceSerializer(serializers.Serializer):
    """Another record by id and name: enough to show it and to link to it."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class InternalNotesHiddenFromPartners(serializers.Serializer):
    """`internal_notes` is the technology-transfer office's alone.

    For anyone else the key is absent, not blank: a client cannot mistake hidden for empty,
    and a template that forgets to check the role has nothing to show.
    """

    # Optional in the OpenAPI schema (core.api.schema), though read-only.
    sometimes_absent = ("internal_notes",)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.shows_internal_fields():
            for key in self.sometimes_absent:
                data.pop(key, None)
        return data

    def shows_internal_fields(self) -> bool:
        return roles.is_internal(self.context["request"].user)


VERSION_REQUIRED = (
    "Send the version you read; an edit based on an older version is refused, so nobody's changes are "
    "silently overwritten."
)


class ExpectedVersionSerializer(serializers.Serializer):
    """An edit names the version it was based on; the service refuses a stale one (409)."""

    version = serializers.IntegerField(
        min_value=1,
        error_messages={"required": VERSION_REQUIRED},
        help_text="The `version` you read. If the record changed since, the edit is refused with 409.",
    )

    def validate(self, attrs):
        # A partial update skips required fields, yet it can overwrite someone's change as well.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]})
        return super().validate(attrs)


class ServiceViewSet(viewsets.GenericViewSet):
    """Reads start from `visible_to(user)`; writes validate input, call a service, answer with a fresh read.

    Serializers only validate and present: they never save. Services raise Django's
    ValidationError and ConcurrentEditError, which core.api.errors turns into 400 and 409.
    Input is strict (core.api.inputs): a key the operation does not take answers 400, except the
    read-only ones of GET's answer sent back unchanged.
    """

    permission_classes = [LookupFirstRolePermission]
    # The filtersets already offer `q` (full-text search) and `ordering`, shared with the pages.
    filter_backends = [FilterBackend]
    read_serializer_class: type[serializers.Serializer] | None = None
    input_serializer_classes: dict[str, type[serializers.Serializer]] = {}

    def get_serializer_class(self):
        return self.input_serializer_classes.get(self.action) or self.serializer_class or self.read_serializer_class

    def validated_input(self, *, partial: bool = False, instance=None, shown_as=None) -> dict:
        """The request's body, validated, or a 400 naming every field that is wrong or not taken.

        `instance` is the record an edit changes, shown to the client by `shown_as` (the read
        serializer by default): what GET answered for it can be sent back as it is.
        """
        shown_as = shown_as or self.read_serializer_class
        current = None
        if instance is not None:
            # As the client read it: decimals, dates and ids as JSON has them.
            current = json.loads(json.dumps(self.read(shown_as, instance), cls=JSONEncoder))
        context = {**self.get_serializer_context(), "current": current}
        serializer = self.get_serializer(data=self.request.data, partial=partial, context=context)
        shown_fields = shown_as(context=context).fields if shown_as else {}
        unexpected = unexpected_fields(serializer, self.request.data, current=current, shown=set(shown_fields))
        if not serializer.is_valid() or unexpected:
            errors = serializer.errors if isinstance(serializer.errors, dict) else {}
            raise serializers.ValidationError({**errors, **unexpected} if unexpected else serializer.errors)
        return dict(serializer.validated_data)

    def respond_with(self, instance, status_code: int = status.HTTP_200_OK) -> Response:
        # Read back through get_queryset: the answer has the list's annotations, and it is
        # only ever something the caller may see.
        instance = get_object_or_404(self.get_queryset(), pk=instance.pk)
        return Response(self.read(self.read_serializer_class, instance), status=status_code)

    def read(self, serializer_class, instance) -> dict:
        return serializer_class(instance, context=self.get_serializer_context()).data


class PartialUpdateMixin:
    """PATCH is the viewset's PUT with only the fields sent."""

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)
