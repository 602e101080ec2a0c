"""Bodies that are malformed, too large or too deep are refused in the error shape, never a 500.

Every endpoint reads its body through core.api.parsers (DEFAULT_PARSER_CLASSES); the pages
read theirs through Django, whose limits the error handlers answer (core.views.bad_request).
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.api.parsers import MAX_DEPTH, depth
from tests.api.openapi import assert_conforms

TOO_LARGE = 3 * 1024 * 1024  # over DATA_UPLOAD_MAX_MEMORY_SIZE, Django's 2.5 MB default


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == status and error["code"] == code
    return error


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/v1/outputs/"),
        ("post", "/api/v1/organizations/"),
        ("post", "/api/v1/exports/"),
        ("patch", "/api/v1/organizations/{acme}/"),
    ],
)
def test_a_deeply_nested_body_is_a_400_not_a_recursion_error(client_as, staff_user, acme, method, path):
    # Tens of thousands of nested arrays overflowed the JSON decoder's recursion: a 500.
    response = getattr(client_as(staff_user), method)(
        path.format(acme=acme.pk), _nested(50_000), content_type="application/json"
    )
    error = _error(response, 400, "parse_error")
    assert f"nested more than {MAX_DEPTH} levels" in error["message"]


@pytest.mark.django_db
def test_nesting_under_the_decoders_limit_but_over_ours_is_refused_too(client_as, staff_user):
    body = json.dumps({"filters": {"q": json.loads(_nested(MAX_DEPTH))}})
    response = client_as(staff_user).post("/api/v1/exports/", body, content_type="application/json")
    _error(response, 400, "parse_error")


@pytest.mark.django_db
def test_a_body_nested_within_the_limit_reaches_validation(client_as, staff_user):
    body = json.dumps({"table": "agreements", "format": "csv", "filters": {"q": json.loads(_nested(MAX_DEPTH - 2))}})
    response = client_as(staff_user).post("/api/v1/exports/", body, content_type="application/json")
    assert _error(response, 400, "invalid")["fields"]["filters"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, message",
    [
        ('{"name": ', "JSON parse error"),
        ('{"name": NaN}', "JSON parse error"),
        (b'{"name": "\xff"}', "JSON parse error"),
        ('{"citations": ' + "9" * 5000 + "}", "JSON parse error"),
    ],
)
def test_malformed_json_is_a_400_in_the_error_shape(client_as, staff_user, body, message):
    response = client_as(staff_user).post("/api/v1/outputs/", body, content_type="application/json")
    assert message in _error(response, 400, "parse_error")["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/json", json.dumps({"title": "x" * TOO_LARGE})),
        ("application/x-www-form-urlencoded", "title=" + "x" * TOO_LARGE),
    ],
)
def test_a_body_over_the_limit_is_a_413(client_as, staff_user, content_type, body):
    response = client_as(staff_user).post("/api/v1/outputs/", body, content_type=content_type)
    error = _error(response, 413, "too_large")
    assert "2.5 MB" in error["message"]


@pytest.mark.django_db
def test_multipart_fields_over_the_limit_are_a_413_and_too_many_a_400(client_as, staff_user, acme_agreement):
    client = client_as(staff_user)
    pdf = SimpleUploadedFile("paper.pdf", b"%PDF-1.4 paper")
    large = {"agreement": acme_agreement.pk, "title": "x" * TOO_LARGE, "authors": "A. B.", "file": pdf}
    _error(client.post("/api/v1/manuscripts/", large), 413, "too_large")
    many = {f"field{i}": "1" for i in range(1500)}
    _error(client.post("/api/v1/manuscripts/", many), 400, "parse_error")


@pytest.mark.django_db
def test_a_large_document_upload_is_not_counted_as_a_large_body(
    client_as, staff_user, acme_agreement, settings, tmp_path
):
    # Files stream to disk: only the other fields count towards DATA_UPLOAD_MAX_MEMORY_SIZE.
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n" + b"0" * TOO_LARGE)
    response = client_as(staff_user).post(f"/api/v1/agreements/{acme_agreement.pk}/documents/", {"file": pdf})
    assert response.status_code == 201, response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name, signed_in",
    [
        ("login", False),
        ("partnerships:organization-create", True),
        ("partnerships:partnership-create", True),
    ],
)
def test_a_page_form_too_large_answers_413_with_the_error_page(client_as, staff_user, url_name, signed_in):
    client = client_as(staff_user if signed_in else None)
    response = client.post(reverse(url_name), {"name": "x" * TOO_LARGE, "username": "x"})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert b"larger than the 2.5 MB allowed" in response.content


@pytest.mark.django_db
def test_a_page_form_with_too_many_fields_answers_400(client_as, staff_user):
    response = client_as(staff_user).post(
        reverse("partnerships:organization-create"), {f"f{i}": "1" for i in range(1500)}
    )
    assert response.status_code == 400
    assert b"more fields or files than allowed" in response.content


def test_depth_counts_arrays_and_objects_without_recursing():
    assert depth(1) == 0
    assert depth([]) == 1
    assert depth({"a": [1, {"b": []}]}) == 4
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert depth(deep) == 100_001


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, status",
    [({"name": "x" * TOO_LARGE}, 413), (json.loads(_nested(100)), 400)],
)
def test_refused_bodies_are_documented_in_the_schema(staff_user, body, status):
    response = assert_conforms(staff_user, "POST", "/api/v1/organizations/", body=body, media_type="application/json")
    assert response.status_code == status
