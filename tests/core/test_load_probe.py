"""The load run's constant probe (loadtests/urls.py) exists only where `make load` serves it."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_the_probe_is_not_a_url_of_tandem(client_as, staff_user):
    assert client_as(staff_user).get("/load/constant/").status_code == 404


@pytest.mark.urls("loadtests.urls")
def test_under_the_load_urls_it_answers_a_constant_to_a_token_and_401_to_anyone(client, staff_user):
    token = Token.objects.create(user=staff_user)

    assert client.get("/load/constant/").status_code == 401
    response = client.get("/load/constant/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200
    assert response.json() == {"ok": True}


@pytest.mark.urls("loadtests.urls")
def test_the_load_urls_keep_every_url_of_tandem(client_as, staff_user):
    assert client_as(staff_user).get("/agreements/").status_code == 200
