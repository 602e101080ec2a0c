"""One error shape for the whole API.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}

`fields` appears only for validation errors. Clients branch on `code`, show `message`, and put
`fields` next to their inputs.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

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
