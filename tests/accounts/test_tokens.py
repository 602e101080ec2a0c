import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token


@pytest.mark.django_db
def test_a_user_creates_a_token_that_is_shown_once_and_then_authenticates(client_as, viewer_user):
    client = client_as(viewer_user)
    response = client.post(reverse("token-create"))
    key = response.context["new_token_key"]
    assert key.encode() in response.content
    assert key.encode() not in client.get(reverse("profile")).content

    client.logout()
    me = client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200
    assert me.json()["username"] == viewer_user.username
    assert me.json()["role"] == "viewer"


@pytest.mark.django_db
def test_replacing_a_token_revokes_the_old_one(client_as, staff_user):
    client = client_as(staff_user)
    first = client.post(reverse("token-create")).context["new_token_key"]
    second = client.post(reverse("token-create")).context["new_token_key"]
    assert Token.objects.filter(user=staff_user).count() == 1
    client.logout()
    assert client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    assert client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {second}").status_code == 200


@pytest.mark.django_db
def test_revoking_a_token_stops_it_working(client_as, staff_user):
    client = client_as(staff_user)
    key = client.post(reverse("token-create")).context["new_token_key"]
    response = client.post(reverse("token-revoke"), follow=True)
    assert b"was revoked" in response.content
    client.logout()
    assert client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


@pytest.mark.django_db
def test_a_user_cannot_revoke_someone_elses_token(client_as, staff_user, viewer_user):
    other = Token.objects.create(user=viewer_user)
    client_as(staff_user).post(reverse("token-revoke"))
    assert Token.objects.filter(pk=other.pk).exists()
