import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.mark.django_db
def test_every_admin_page_opens_for_an_admin(client_as, admin_user, acme_partnership):
    client = client_as(admin_user)
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist


@pytest.mark.django_db
def test_staff_cannot_open_the_admin(client_as, staff_user):
    response = client_as(staff_user).get(reverse("admin:partnerships_partnership_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_partnerships_are_read_only_in_the_admin(client_as, admin_user, acme_partnership):
    # Writes with rules go through the services (pages and API); the admin only looks.
    url = reverse("admin:partnerships_partnership_change", args=[acme_partnership.pk])
    page = client_as(admin_user).get(url).content.decode()
    assert 'name="_save"' not in page
