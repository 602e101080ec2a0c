import pytest
from django.urls import reverse


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
