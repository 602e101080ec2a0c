"""An htmx request whose session has ended sends the whole page to sign in (core.middleware)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_htmx_request_without_a_session_sends_the_page_to_sign_in(client, acme):
    tab = reverse("partnerships:organization-tab", args=[acme.pk, "agreements"])
    page = f"http://testserver{reverse('partnerships:organization-detail', args=[acme.pk])}?tab=1"

    response = client.get(tab, headers={"HX-Request": "true", "HX-Current-URL": page})

    assert response.status_code == 204 and response.content == b""
    assert response["HX-Redirect"] == f"/accounts/login/?next=%2Fpartners%2F{acme.pk}%2F%3Ftab%3D1"


def test_a_plain_request_is_redirected_as_before(client, acme):
    tab = reverse("partnerships:organization-tab", args=[acme.pk, "agreements"])

    response = client.get(tab)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert "HX-Redirect" not in response


def test_other_redirects_of_htmx_requests_are_left_alone(rf):
    from django.http import HttpResponseRedirect

    from core.middleware import HtmxSignInMiddleware

    request = rf.get("/partnerships/1/", headers={"HX-Request": "true"})
    elsewhere = HtmxSignInMiddleware(lambda request: HttpResponseRedirect("/partnerships/1/#milestones"))(request)
    signing_in = HtmxSignInMiddleware(lambda request: HttpResponseRedirect("/accounts/login/?next=/x/"))(request)

    assert elsewhere.status_code == 302 and "HX-Redirect" not in elsewhere
    assert signing_in.status_code == 204 and signing_in["HX-Redirect"] == "/accounts/login/?next=%2F"
