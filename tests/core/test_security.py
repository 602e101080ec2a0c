"""Security behaviour a browser sees: HSTS over HTTPS, and idle sessions that end."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.accounts.factories import PASSWORD
from tests.sessions import mark_session_saved

pytestmark = pytest.mark.django_db


def test_https_responses_carry_hsts_as_production_sets_it(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000  # production's value (tests/core/test_settings.py)
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_a_session_idle_past_its_age_is_signed_out(client, staff_user, settings):
    client.force_login(staff_user)
    assert client.get(reverse("dashboard")).status_code == 200
    # Activity pushes the expiry on (SlidingSessionMiddleware); an idle session reaches it.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_keeps_a_session_alive(client, staff_user):
    client.force_login(staff_user)
    mark_session_saved(client, seconds_ago=settings.SESSION_REFRESH_SECONDS + 1)
    soon = timezone.now() + datetime.timedelta(seconds=60)
    Session.objects.update(expire_date=soon)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert Session.objects.get().expire_date > soon  # pushed on by the request, and so is the cookie's
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def session_writes(queries) -> list:
    return [query for query in queries if "django_session" in query["sql"] and "UPDATE" in query["sql"]]


def test_requests_within_a_minute_of_the_last_save_write_nothing(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("dashboard")).status_code == 200  # the first saves the time it was seen
    saved = Session.objects.get().expire_date
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("partnerships:partnership-list"))
    assert response.status_code == 200
    assert not session_writes(queries)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get().expire_date == saved


def test_the_page_after_signing_in_writes_no_session(client, staff_user):
    signed_in = client.post(reverse("login"), {"username": staff_user.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    assert not session_writes(queries)


def test_signed_out_and_token_requests_store_no_session(client, staff_user):
    assert client.get(reverse("login")).status_code == 200
    key = Token.objects.create(user=staff_user).key
    assert client.get(reverse("api-root"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    # A cookie naming no session (expired, or made up) is not a reason to store one.
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("api-root"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()


def test_signing_out_leaves_no_session(client_as, staff_user):
    client = client_as(staff_user)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()
