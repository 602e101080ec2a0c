import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_dashboard_shows_the_role_and_navigation(client_as, admin_user):
    page = client_as(admin_user).get(reverse("dashboard")).content.decode()
    assert 'data-testid="user-role">Admin<' in page
    assert 'href="/admin/"' in page
    assert "Whole portfolio" in page


@pytest.mark.django_db
def test_admin_link_is_only_for_admins(client_as, staff_user):
    page = client_as(staff_user).get(reverse("dashboard")).content.decode()
    assert 'href="/admin/"' not in page


@pytest.mark.django_db
def test_liaison_dashboard_is_scoped_to_their_organization(client_as, acme_liaison, globex, university):
    response = client_as(acme_liaison).get(reverse("dashboard"))
    assert "Shared with your organization" in response.content.decode()
    organizations = next(card for card in response.context["cards"] if card["key"] == "organizations")
    assert organizations["value"] == 1


@pytest.mark.django_db
def test_missing_page_is_a_styled_404(client_as, staff_user):
    response = client_as(staff_user).get("/no-such-page/")
    assert response.status_code == 404
    assert b"not shared with you" in response.content
    assert b"navbar" in response.content


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_page_says_nothing_was_saved(client_as, staff_user, monkeypatch):
    from metrics import views

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "dashboard_cards", explode)
    client = client_as(staff_user)
    client.raise_request_exception = False
    response = client.get(reverse("dashboard"))
    assert response.status_code == 500
    assert b"Nothing was saved" in response.content


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_templates_have_no_inline_scripts(client_as, staff_user):
    for url in (reverse("login"), reverse("dashboard"), reverse("profile")):
        page = client_as(staff_user if url != reverse("login") else None).get(url).content.decode()
        assert "<script>" not in page
        # json_script data blocks are not executed, so the CSP allows them; anything else needs a src.
        assert all('src="' in tag or 'type="application/json"' in tag for tag in page.split("<script")[1:]), url
