"""Every write operation of the schema: what a client sends is used or refused, never dropped.

- a field the operation does not take answers 400 naming it;
- what GET answers for a record can be sent back with PUT and PATCH as it is;
- a read-only field sent with another value than GET's answers 400 naming it.

The operations are read from the served schema, so a new endpoint is checked without a new test.
"""

import pytest

from core.api.inputs import READ_ONLY, UNKNOWN
from tests.api.openapi import auth_headers, served_schema
from tests.api.records import FIELD_KINDS, PATH_KINDS

PATHS = served_schema().raw_schema["paths"]
WRITES = [
    (path, method)
    for path, operations in PATHS.items()
    for method, operation in operations.items()
    if "requestBody" in operation
]
EDITS = [(path, method) for path, method in WRITES if method in ("put", "patch")]
# Who may call an operation: the office's admin, or the reviewing partner's liaison where only they act.
CALLERS = ["admin", "acme_liaison"]


def _url(path: str, world) -> str:
    collection = path.split("/")[3]
    values = {}
    for part in path.split("{")[1:]:
        name = part.split("}")[0]
        kind = PATH_KINDS[collection] if name == "id" else FIELD_KINDS[name]
        values[name] = world[kind][0]  # Acme's
    return path.format(**values)


def _send(client, method: str, url: str, body: dict, path: str, user):
    content = PATHS[path][method]["requestBody"]["content"]
    headers = {"HTTP_AUTHORIZATION": auth_headers(user)["Authorization"]}
    if "application/json" in content:
        return getattr(client, method)(url, body, content_type="application/json", **headers)
    return getattr(client, method)(url, body, **headers)  # multipart: a file upload


def _first_allowed(client, personas, method, url, body, path):
    for role in CALLERS:
        response = _send(client, method, url, body, path, personas[role])
        if response.status_code != 403:
            return response
    pytest.fail(f"Nobody may call {method.upper()} {path}")


@pytest.mark.django_db
@pytest.mark.parametrize("path, method", WRITES)
def test_a_field_no_operation_takes_is_refused_by_name(client, personas, world, path, method):
    response = _first_allowed(client, personas, method, _url(path, world), {"colour": "blue"}, path)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"]["colour"] == [UNKNOWN]


def _shown(client, personas, path: str, url: str, world) -> dict:
    """The record as GET shows it: its own GET, or its item in its parent's (a milestone)."""
    admin = auth_headers(personas["admin"])["Authorization"]
    if "get" in PATHS[path]:
        return client.get(url, HTTP_AUTHORIZATION=admin).json()
    parent, collection, item = url.rstrip("/").rsplit("/", 2)
    shown = client.get(f"{parent}/", HTTP_AUTHORIZATION=admin).json()[collection]
    return next(entry for entry in shown if str(entry["id"]) == item)


def _without_version(record: dict) -> dict:
    return {key: value for key, value in record.items() if key != "version"}


@pytest.mark.django_db
@pytest.mark.parametrize("path, method", EDITS)
def test_what_get_answers_can_be_sent_back_unchanged(client, personas, world, path, method):
    url = _url(path, world)
    shown = _shown(client, personas, path, url, world)
    response = _first_allowed(client, personas, method, url, shown, path)
    assert response.status_code == 200, response.content
    assert _without_version(response.json()) == _without_version(shown)


@pytest.mark.django_db
@pytest.mark.parametrize("path, method", EDITS)
def test_a_read_only_field_sent_with_another_value_is_refused_by_name(client, personas, world, path, method):
    url = _url(path, world)
    shown = _shown(client, personas, path, url, world)
    response = _first_allowed(client, personas, method, url, {**shown, "id": shown["id"] + 1000}, path)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"] == {"id": [READ_ONLY]}
