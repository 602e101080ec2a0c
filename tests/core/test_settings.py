"""Configuration: production is the default shape, and a bad value stops start-up clearly."""

import pytest
from django.db import connection

from tests.production import manage, setting


def test_deploy_check_passes_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_in_production_stops_with_one_sentence():
    result = manage("check", DJANGO_SECRET_KEY=None)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Tandem cannot start: DJANGO_SECRET_KEY must be set to a random string of at least 50 characters in production."
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://root@localhost/tandem", "DATABASE_URL must be a PostgreSQL URL"),
        ("DATABASE_URL", "postgresql://db.example:notaport/tandem", "DATABASE_URL is not a valid database URL"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must start with redis://"),
        ("SESSION_IDLE_SECONDS", "two hours", "SESSION_IDLE_SECONDS must be a whole number"),
        ("TANDEM_ENV", "staging", "TANDEM_ENV must be one of production, development, test"),
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be true or false"),
    ],
)
def test_bad_configuration_stops_with_a_clear_sentence(variable, value, message):
    result = manage("check", **{variable: value})
    assert result.returncode == 2
    assert result.stderr.startswith(f"Tandem cannot start: {message}"), result.stderr
    assert "Traceback" not in result.stderr


def test_production_defaults_are_secure():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000"], result.stderr


@pytest.mark.django_db
def test_each_connection_plans_for_data_in_memory_and_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost'), current_setting('jit')")
        assert cursor.fetchone() == ("1.1", "off")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "-c random_page_cost=1.1 -c jit=off"), ("none", "None"), ("-c work_mem=64MB", "-c work_mem=64MB")],
)
def test_the_connections_planner_settings_can_be_changed_or_left_to_the_server(value, expected):
    options = setting("DATABASES['default'].get('OPTIONS', {}).get('options')", DATABASE_SESSION_OPTIONS=value)
    assert options == expected


@pytest.mark.parametrize(("idle", "refresh"), [(None, "60"), ("600", "60"), ("300", "30"), ("30", "3")])
def test_a_short_idle_timeout_moves_the_expiry_on_more_often(idle, refresh):
    """Saved once a minute, a session of a minute would end under someone clicking every 10 s."""
    assert setting("SESSION_REFRESH_SECONDS", SESSION_IDLE_SECONDS=idle) == refresh
