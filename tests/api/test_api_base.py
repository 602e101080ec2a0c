import pytest
from django.urls import reverse

from tests.api.openapi import assert_conforms


@pytest.mark.django_db
def test_anonymous_api_calls_get_401_in_the_common_error_shape(client):
    response = client.get(reverse("api-me"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
        }
    }


@pytest.mark.django_db
def test_unknown_api_path_answers_404_in_json(client_as, staff_user):
    response = client_as(staff_user).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_viewers_may_read_but_not_write(client_as, viewer_user, staff_user):
    payload = {"name": "Umbrella Labs", "kind": "company", "status": "active"}
    viewer = client_as(viewer_user)
    assert viewer.get("/api/v1/organizations/").status_code == 200
    refused = viewer.post("/api/v1/organizations/", payload, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    created = client_as(staff_user).post("/api/v1/organizations/", payload, content_type="application/json")
    assert created.status_code == 201


@pytest.mark.django_db
def test_liaison_me_names_their_organization(client_as, acme_liaison, acme):
    body = client_as(acme_liaison).get(reverse("api-me")).json()
    assert body["role"] == "liaison"
    assert body["organization_ids"] == [acme.pk]


@pytest.mark.django_db
def test_schema_is_openapi_3_and_documents_token_auth(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_swagger_ui_is_served_from_our_own_origin(client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page


def test_openapi_schema_is_valid_and_has_no_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in (
        "/api/v1/organizations/",
        "/api/v1/partnerships/",
        "/api/v1/funding/",
        "/api/v1/agreements/",
        "/api/v1/playbook-rules/",
        "/api/v1/playbook-versions/",
        "/api/v1/deviations/",
        "/api/v1/deviations/{id}/sign-off/",
        "/api/v1/manuscripts/",
        "/api/v1/publication-reviews/",
        "/api/v1/publication-reviews/{id}/answer/",
        "/api/v1/publication-reviews/{id}/resolve/",
        "/api/v1/people/",
        "/api/v1/placements/",
        "/api/v1/outputs/",
        "/api/v1/metrics/",
    ):
        assert f"{path}:" in schema, path


# --- Errors are documented in the schema, in the one shape (cases tests/api/test_fuzz.py found) ---


@pytest.mark.django_db
def test_errors_every_endpoint_shares_are_documented_with_their_shape(staff_user, acme):
    # No operation documented an error at all: every 401, 403, 404, 400 and 409 broke the schema.
    assert assert_conforms(None, "GET", "/api/v1/me/").status_code == 401
    past_the_end = assert_conforms(staff_user, "GET", "/api/v1/organizations/", query={"page": 99})
    assert past_the_end.status_code == 404
    stale = assert_conforms(
        staff_user,
        "PATCH",
        "/api/v1/organizations/{id}/",
        path_parameters={"id": acme.pk},
        body={"sector": "Robotics", "version": acme.version + 1},
        media_type="application/json",
    )
    assert stale.status_code == 409


@pytest.mark.django_db
def test_a_body_in_a_media_type_the_operation_does_not_read_is_a_documented_415(staff_user):
    # A body sent without a Content-Type DRF parses is refused with 415, missing from the schema.
    response = assert_conforms(
        staff_user,
        "POST",
        "/api/v1/organizations/",
        body={"name": "Umbrella Labs", "kind": "company"},
        media_type="application/json",
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 415


@pytest.mark.django_db
def test_a_user_without_an_email_matches_the_schema(staff_user):
    # A read-only EmailField loses allow_blank, so the schema refused "".
    staff_user.email = ""
    staff_user.save()
    assert assert_conforms(staff_user, "GET", "/api/v1/me/").json()["email"] == ""
