"""Every answer under /api/ is JSON in the error shape, whoever refuses the request.

DRF's views answer in it through core.api.errors; what refuses a request before or outside
them (URL resolution, Django's error handlers, CSRF, django-axes, the docs and schema views,
Django's debug pages) answers in it through core.views and core.middleware.ApiErrorShapeMiddleware.
"""

import json

import pytest
from axes.helpers import get_lockout_response
from django.test import RequestFactory

from core.views import csrf_failure


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == {"error"} and {"status", "code", "message"} <= set(body["error"])
    assert body["error"]["status"] == status and body["error"]["code"] == code
    return body["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path",
    [
        ("delete", "/api/v1/funding/-3.7e-62/"),  # what an API fuzzer sent: no route has a dot in an id
        ("get", "/api/v1/no-such-thing/"),
        ("post", "/api/v1/agreements/1/no-such-action/"),
        ("put", "/api/nowhere/"),
    ],
)
def test_a_path_no_route_matches_answers_404_json(client_as, staff_user, method, path):
    _error(getattr(client_as(staff_user), method)(path), 404, "not_found")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_api_path_without_its_slash_is_not_redirected(client_as, staff_user, method):
    # A redirected POST or DELETE comes back as a GET; with DEBUG on, Django answered it with a 500.
    error = _error(getattr(client_as(staff_user), method)("/api/v1/organizations"), 404, "not_found")
    assert error["message"] == "API paths end with a slash: /api/v1/organizations/"


@pytest.mark.django_db
def test_pages_still_get_their_slash(client_as, staff_user):
    response = client_as(staff_user).get("/partners")
    assert response.status_code == 301 and response["Location"] == "/partners/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/docs/", "/api/schema/"])
def test_a_method_the_docs_and_schema_views_refuse_answers_405_json(client_as, staff_user, path):
    response = client_as(staff_user).put(path)
    _error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_a_bad_host_header_answers_400_json(client_as, staff_user):
    _error(client_as(staff_user).get("/api/v1/organizations/", HTTP_HOST="evil.example"), 400, "bad_request")


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_server_error_answers_500_json_with_or_without_debug(client_as, staff_user, settings, monkeypatch, debug):
    from partnerships.api import organizations

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    settings.DEBUG = debug
    monkeypatch.setattr(organizations.OrganizationViewSet, "list", explode)
    client = client_as(staff_user)
    client.raise_request_exception = False
    error = _error(client.get("/api/v1/organizations/"), 500, "server_error")
    assert "Nothing was saved" in error["message"]


@pytest.mark.django_db
def test_with_debug_on_a_missing_route_is_still_json(client_as, staff_user, settings):
    settings.DEBUG = True  # Django's technical 404 page otherwise, listing every pattern
    _error(client_as(staff_user).get("/api/v1/no-such-thing/"), 404, "not_found")


def test_a_csrf_failure_under_the_api_is_json_and_a_page_elsewhere(rf: RequestFactory):
    # DRF's views check CSRF themselves (403 permission_denied); Django's check answers through
    # CSRF_FAILURE_VIEW for anything else.
    error = _error(csrf_failure(rf.post("/api/v1/organizations/"), reason="CSRF cookie not set."), 403, "csrf_failed")
    assert "CSRF cookie not set." in error["message"]


@pytest.mark.django_db
def test_a_page_form_sent_without_its_csrf_token_gets_the_products_page(client, staff_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    response = browser.post("/partners/new/", {"name": "Umbrella"})
    assert response.status_code == 403
    assert b"The form has expired" in response.content
    assert b"navbar" in response.content  # the product's page, not Django's


@pytest.mark.django_db
def test_a_sign_in_lockout_under_the_api_is_json(rf: RequestFactory):
    error = _error(get_lockout_response(rf.post("/api/v1/me/")), 429, "locked_out")
    assert "Too many failed sign-in attempts" in error["message"]


@pytest.mark.django_db
def test_a_sign_in_lockout_on_a_page_is_the_lockout_page(rf: RequestFactory):
    request = rf.post("/accounts/login/", {"username": "sam"})
    response = get_lockout_response(request)
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content


@pytest.mark.django_db
def test_the_schema_views_own_error_keeps_its_message_in_json(client_as, staff_user):
    error = _error(client_as(staff_user).put("/api/schema/"), 405, "method_not_allowed")
    assert error["message"] == 'Method "PUT" not allowed.'


@pytest.mark.django_db
def test_a_browser_asking_for_the_browsable_api_keeps_its_error_page(client_as, staff_user):
    response = client_as(staff_user).get("/api/v1/agreements/999999/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
