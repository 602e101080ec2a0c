"""One error shape for the whole API.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}

`fields` appears only for validation errors. Clients branch on `code`, show `message`, and put
`fields` next to their inputs.

Services speak Django, not DRF: they raise `django.core.exceptions.ValidationError` for bad
input and `ConcurrentEditError` for a stale version. Both are translated here, so viewsets
call services without wrapping each call in try/except.

Answers made outside DRF (no route matched, a CSRF failure, a sign-in lockout, a body too
large, a bad Host header, a server error) take the same shape through `error_response`: the
error handlers in core.views build them, and core.middleware.ApiErrorShapeMiddleware reshapes
whatever else answers an error under /api/.
"""

from http import HTTPStatus

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.parsers import RequestTooLarge
from core.exceptions import ConcurrentEditError

API_PREFIX = "/api/"
# Codes for errors made outside DRF: DRF's own where it has one, so a client sees one code per case.
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "throttled",
    500: "server_error",
}
# What each error says to people, in pages and in the API alike.
MESSAGES = {
    400: "The request could not be understood.",
    403: "Your role does not allow this action.",
    404: "There is nothing here, or it is not shared with you.",
    405: "This method is not allowed here.",
    500: "The error has been logged. Nothing was saved; please try again.",
}


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_response(status_code: int, message: str, code: str | None = None) -> JsonResponse:
    """The error shape for answers made outside DRF's views."""
    if code is None:
        code = CODES.get(status_code) or HTTPStatus(status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    return JsonResponse({"error": {"status": status_code, "code": code, "message": message}}, status=status_code)


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code again.")
    code = serializers.CharField(help_text="What went wrong, for programs: e.g. `invalid`, `not_found`, `conflict`.")
    message = serializers.CharField(help_text="What went wrong, for people.")
    fields = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Validation errors only: messages by field name (nested fields nest); "
        "`non_field_errors` for errors of no single field.",
    )


# core.api.schema documents every error response of the API with this.
class ErrorResponseSerializer(serializers.Serializer):
    """Every error answers in this shape."""

    error = ErrorDetailSerializer()


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this record after you read it."
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_django_fields(exc))
    elif isinstance(exc, ConcurrentEditError):
        exc = Conflict(detail=str(exc))
    elif isinstance(exc, RequestDataTooBig):
        # Django's own check of the body (a form read for the CSRF token, or request.body).
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(str(exc))

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unexpected: Django's 500 handler logs it and answers in JSON

    error = {"status": response.status_code, "code": _code(exc)}
    if isinstance(exc, exceptions.ValidationError):
        error["message"] = "Some fields are invalid."
        error["fields"] = _fields(exc.detail)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        error["message"] = str(detail)
    response.data = {"error": error}
    return response


def _django_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's error keyed like DRF's: by field, or under non_field_errors.

    Model validation files constraint failures under Django's "__all__"; clients see the same
    key DRF uses for errors that belong to no single field.
    """
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: messages
        for name, messages in exc.message_dict.items()
    }


def _code(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    if isinstance(exc, exceptions.APIException):
        return exc.default_code
    return "error"


def _fields(detail):
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {name: _messages(value) for name, value in detail.items()}


def _messages(value):
    if isinstance(value, dict):
        return {name: _messages(inner) for name, inner in value.items()}
    if isinstance(value, list):
        return [_messages(item) if isinstance(item, (dict, list)) else str(item) for item in value]
    return [str(value)]
