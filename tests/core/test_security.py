"""Security behaviour a browser sees: HSTS over HTTPS, and idle sessions that end."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_https_responses_carry_hsts_as_production_sets_it(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000  # production's value (tests/core/test_settings.py)
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_a_session_idle_past_its_age_is_signed_out(client, staff_user, settings):
    client.force_login(staff_user)
    assert client.get(reverse("dashboard")).status_code == 200
    # Every request pushes the expiry on (SESSION_SAVE_EVERY_REQUEST); an idle one reaches it.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_keeps_a_session_alive(client, staff_user, settings):
    client.force_login(staff_user)
    soon = timezone.now() + datetime.timedelta(seconds=60)
    Session.objects.update(expire_date=soon)
    assert client.get(reverse("dashboard")).status_code == 200
    assert Session.objects.get().expire_date > soon  # pushed on by the request
