import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import PASSWORD


@pytest.mark.django_db
def test_staff_signs_in_and_lands_on_the_dashboard(client, staff_user):
    response = client.post(reverse("login"), {"username": staff_user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Whole portfolio" in response.content


@pytest.mark.django_db
def test_wrong_password_shows_a_form_error_and_keeps_the_username(client, staff_user):
    response = client.post(reverse("login"), {"username": staff_user.username, "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert f'value="{staff_user.username}"'.encode() in response.content


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": staff_user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": staff_user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_on_one_account_do_not_lock_another(client, staff_user, viewer_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": staff_user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": viewer_user.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_signing_in_rotates_the_session_key(client, staff_user):
    session = client.session
    session["before"] = True
    session.save()
    key_before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = key_before
    client.post(reverse("login"), {"username": staff_user.username, "password": PASSWORD})
    assert client.session.session_key != key_before


@pytest.mark.django_db
def test_sign_out_needs_post_and_ends_the_session(client_as, staff_user):
    client = client_as(staff_user)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_password_change_keeps_this_session_and_rejects_a_weak_password(client_as, staff_user):
    client = client_as(staff_user)
    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert weak.status_code == 200
    assert b"This password is too short" in weak.content
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)

    strong = "a-much-longer-passphrase-42"
    done = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    )
    assert done.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_idle_sessions_expire():
    # The expiry slides with activity, at most a minute late (SlidingSessionMiddleware, below
    # SessionMiddleware so that what it marks is saved), and ends after a working day at most.
    middleware = settings.MIDDLEWARE
    assert middleware.index("core.middleware.SlidingSessionMiddleware") > middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert settings.SESSION_REFRESH_SECONDS <= 60
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
