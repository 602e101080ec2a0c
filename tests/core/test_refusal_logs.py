"""A refused request logs one line (method, path, status, user); tracebacks are for real errors."""

import logging

import pytest
from django.urls import reverse


def _records(caplog, status: int):
    return [record for record in caplog.records if getattr(record, "status_code", None) == status]


def _one_line(caplog, status: int) -> logging.LogRecord:
    records = _records(caplog, status)
    assert len(records) == 1, [record.getMessage() for record in caplog.records]
    record = records[0]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    assert "\n" not in record.getMessage()
    return record


@pytest.mark.django_db
def test_a_page_refused_with_permission_denied_logs_one_line_without_a_traceback(client_as, acme_liaison, caplog):
    # Django logged the PermissionDenied with its whole traceback.
    with caplog.at_level(logging.INFO):
        response = client_as(acme_liaison).get(reverse("agreements:playbook"))
    assert response.status_code == 403
    record = _one_line(caplog, 403)
    assert record.name == "django.request"
    message = record.getMessage()
    assert message.startswith("Refused GET /playbook/: 403")
    assert f"user {acme_liaison.pk}" in message
    assert "The playbook is the office's own." in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/api/v1/agreements/999999/", 404),
        ("post", "/api/v1/organizations/", 403),
        ("delete", "/api/docs/", 405),
        ("get", "/api/v1/no-such-thing/", 404),
        ("get", "/no-such-page/", 404),
    ],
)
def test_api_and_page_refusals_log_one_line_each(client_as, viewer_user, caplog, method, path, status):
    with caplog.at_level(logging.INFO):
        response = getattr(client_as(viewer_user), method)(path)
    assert response.status_code == status
    message = _one_line(caplog, status).getMessage()
    assert message.startswith(f"Refused {method.upper()} {path}: {status}, user {viewer_user.pk}")


@pytest.mark.django_db
def test_an_anonymous_refusal_names_no_user(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/api/v1/organizations/")
    assert _one_line(caplog, 401).getMessage() == "Refused GET /api/v1/organizations/: 401, user - (not_authenticated)"


@pytest.mark.django_db
def test_a_bad_host_logs_one_security_line(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/api/v1/organizations/", HTTP_HOST="evil.example")
    record = _one_line(caplog, 400)
    assert record.name == "django.security.DisallowedHost"
    assert "Invalid HTTP_HOST header" in record.getMessage()


@pytest.mark.django_db
def test_a_server_error_keeps_its_traceback(client_as, staff_user, caplog, monkeypatch):
    from partnerships.api import organizations

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(organizations.OrganizationViewSet, "list", explode)
    client = client_as(staff_user)
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        client.get("/api/v1/organizations/")
    [record] = _records(caplog, 500)
    assert record.levelno == logging.ERROR
    assert record.exc_info and record.exc_info[0] is RuntimeError
