import pytest
from django.urls import reverse

from core.services import worker_heartbeat_record


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_redis_answer(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "list_row_triggers": "ok"}
    assert response.json()["worker_heartbeat_age_seconds"] is None


@pytest.mark.django_db
def test_healthz_reports_the_age_of_the_last_worker_heartbeat(client):
    worker_heartbeat_record(hostname="worker-1")
    age = client.get(reverse("healthz")).json()["worker_heartbeat_age_seconds"]
    assert 0 <= age < 60


@pytest.mark.django_db
def test_healthz_names_redis_when_it_does_not_answer(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/nothing-listens-here.sock"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["redis"]
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_does_not_answer(client, monkeypatch):
    from core import health

    def broken():
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert "worker_heartbeat_age_seconds" not in response.json()


@pytest.mark.django_db
def test_worker_heartbeat_is_idempotent_per_host():
    first = worker_heartbeat_record(hostname="worker-1")
    second = worker_heartbeat_record(hostname="worker-1")
    assert first.pk == second.pk
    assert second.beat_at >= first.beat_at


@pytest.mark.django_db
def test_healthz_names_missing_list_row_triggers_until_migrate_puts_them_back(client):
    from agreements import list_stamps

    list_stamps.uninstall()
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["list_row_triggers"]
    list_stamps.install()
    assert client.get(reverse("healthz")).status_code == 200
