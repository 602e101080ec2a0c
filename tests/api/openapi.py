"""Responses checked against the OpenAPI schema the app serves, with schemathesis' checks.

tests/api/test_fuzz.py runs generated requests through these; the apps' API tests use
`assert_conforms` to pin one request whose response once broke the schema.
"""

import functools
from contextlib import contextmanager

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

# No 5xx; a documented status code and content type; a body matching the documented schema.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@functools.cache
def served_schema():
    """The schema as GET /api/schema/ serves it, requested in process through WSGI."""
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@contextmanager
def requests_in_test_transaction():
    """What Django's test client does: no closing of "old" connections around each request.

    The WSGI handler closes a connection whose autocommit differs from the settings' when a
    request starts and ends; inside the test's transaction that is always so, and the
    transaction (and the test's records with it) would be gone after the first request.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def auth_headers(user) -> dict:
    if user is None:
        return {}
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


def assert_conforms(user, method: str, path: str, **case_kwargs):
    """`user`'s request (None: anonymous) passes CHECKS; answers the response.

    `path` is the schema's path template ("/api/v1/funding/{id}/"); `case_kwargs` are
    schemathesis Case arguments: path_parameters, query, body.
    """
    with requests_in_test_transaction():  # the first call reads the schema, through WSGI as well
        case = served_schema()[path][method.upper()].Case(**case_kwargs)
        return case.call_and_validate(headers=auth_headers(user), checks=CHECKS)
