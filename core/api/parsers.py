"""Request bodies the API reads, refused cleanly when they are malformed, too large or too deep.

DRF's parsers trust the body: JSON is read whole whatever its size (Django's
DATA_UPLOAD_MAX_MEMORY_SIZE guards only `request.POST` and `request.body`), and a body of nested
arrays deeper than Python's recursion limit raised RecursionError, a 500. Here every body is
read up to DATA_UPLOAD_MAX_MEMORY_SIZE (413 beyond it), JSON nests at most MAX_DEPTH deep (400),
and Django's limits on form fields and files answer 413 or 400 instead of escaping as
SuspiciousOperation. Set as DEFAULT_PARSER_CLASSES, so every endpoint reads bodies through them.
"""

import codecs
import json
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import QueryDict
from rest_framework import exceptions, parsers, status
from rest_framework.parsers import get_encoding
from rest_framework.utils import json as drf_json

# The API's deepest input is three levels (an agreement's terms: body, group, term); the
# margin is for clients' own wrapping, the bound for the server's stack.
MAX_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than the {_size(limit)} allowed.")


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def read_limited(stream) -> bytes:
    """The whole body, or RequestTooLarge once it passes DATA_UPLOAD_MAX_MEMORY_SIZE."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(body) > limit:
        raise RequestTooLarge()
    return body


def depth(value) -> int:
    """How deeply arrays and objects nest in parsed JSON; counted without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, level)
        pending.extend((item, level + 1) for item in value if isinstance(item, dict | list))
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        body = read_limited(stream) if stream is not None else b""
        try:
            text = codecs.decode(body, encoding)
            parse_constant = drf_json.strict_constant if self.strict else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError:
            raise exceptions.ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.") from None
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if depth(data) > MAX_DEPTH:
            raise exceptions.ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        with django_limits_refused():
            return QueryDict(read_limited(stream), encoding=encoding)


class MultiPartParser(parsers.MultiPartParser):
    """Files stream to disk as Django's do; only the other fields count towards the size limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        with django_limits_refused():
            return super().parse(stream, media_type, parser_context)


@contextmanager
def django_limits_refused():
    """Django's own body limits as API errors: too large answers 413, too many fields or files 400."""
    try:
        yield
    except RequestDataTooBig:
        raise RequestTooLarge() from None
    except (TooManyFieldsSent, TooManyFilesSent) as exc:
        raise exceptions.ParseError(str(exc)) from None
