"""HTTP preconditions for optimistic concurrency: `ETag`/`If-Match` next to a `version` in the body.

A record's entity tag is its version number in quotes (`ETag: "4"`). A write names the version
it was based on in one of two ways:

- `If-Match: "4"`: if the record has moved on, the write answers 412 Precondition Failed;
- `"version": 4` in the body: if stale, the service's ConcurrentEditError answers 409.

Either way the check that counts is the service's, made under a row lock, so two writers can
never both pass it. A write that sends neither answers 428 Precondition Required: an edit that
names no version could silently overwrite someone else's.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from rest_framework import exceptions, status

from core.exceptions import ConcurrentEditError


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "Someone else changed this record after you read it (If-Match names an older version). "
        "Reload it to see their changes, then make yours again."
    )
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428  # Precondition Required (RFC 6585)
    default_detail = (
        'Say which version your edit is based on: send `If-Match: "<version>"` (the ETag you read) '
        "or `version` in the body."
    )
    default_code = "precondition_required"


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_versions(request) -> list[int] | None:
    """The versions an `If-Match` header names; None without the header or with `*` (any version).

    A weak or malformed tag can never match one of ours: it is kept as -1, so it fails.
    """
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    versions = []
    for tag in header.split(","):
        tag = tag.strip()
        if len(tag) >= 2 and tag[0] == tag[-1] == '"' and tag[1:-1].isdigit():
            versions.append(int(tag[1:-1]))
        else:
            versions.append(-1)
    return versions


@contextmanager
def expected_version(request, current: int, body_version: int | None, *, required: bool = True) -> Iterator[int | None]:
    """The version to hand the service as `expected_version`, and the right answer when it is stale.

    `current` is the version just read: a stale If-Match is refused before any input is used.
    The service checks again under its lock; inside this block its ConcurrentEditError becomes
    412 when the version came from If-Match, and stays 409 when it came from the body.
    """
    versions = if_match_versions(request)
    if versions is not None and current not in versions:
        raise PreconditionFailed()
    header_version = current if versions is not None else None
    if header_version is not None and body_version is not None and body_version != header_version:
        # Two different answers to "which version did you read?": neither can be trusted.
        raise exceptions.ValidationError({"version": ["Differs from the version in If-Match; send one of them."]})
    if header_version is None and body_version is None and required:
        raise PreconditionRequired()
    try:
        yield header_version if header_version is not None else body_version
    except ConcurrentEditError:
        if header_version is not None:
            raise PreconditionFailed() from None
        raise
