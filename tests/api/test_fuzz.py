"""API fuzzing: schemathesis sends generated requests to every operation of /api/schema/, once per role.

Each response must not be a server error and must be what the schema promises for that
operation: a documented status code, a documented content type and a body matching the
documented schema. Requests are generated from the schema itself, valid ones and invalid ones
(negative mode), so an operation the schema describes wrongly fails here as well as one that
crashes.

The app runs in process through WSGI: each request runs in this thread, on the test's database
connection, inside the test's transaction, so it sees the fixtures' records and whatever earlier
examples wrote. Ids in paths and bodies are generated at random; most are steered to the
fixtures' records (see `aim_at_records`) so that detail routes and writes get past "not found".

The suite generates FUZZ_EXAMPLES (default 5) examples per operation, each sent by every role,
derandomized so that a run is reproducible; `make fuzz` generates 200 and adds schemathesis'
coverage phase (FUZZ_COVERAGE=1).
"""

import os

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup

from tests.api.openapi import CHECKS, auth_headers, requests_in_test_transaction, served_schema
from tests.api.records import FIELD_KINDS, PATH_KINDS

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
# The coverage phase adds boundary and type-confusion cases for every parameter, however few
# examples are asked for: minutes per operation, so only the long run (`make fuzz`) has it.
FUZZ_COVERAGE = os.environ.get("FUZZ_COVERAGE", "") == "1"
ROLES = ["anonymous", "admin", "staff", "viewer", "acme_liaison", "globex_liaison"]  # keys of `personas`

# Read once at collection: one test per operation.
schema = served_schema()
schema.config.phases.update(phases=["examples", "fuzzing", *(["coverage"] if FUZZ_COVERAGE else [])])


@pytest.fixture(autouse=True)
def in_process_requests():
    with requests_in_test_transaction():
        yield


def _aimed(value, ids):
    """A generated integer mapped onto a known record's id, or kept (then almost surely not found)."""
    if not isinstance(value, int) or isinstance(value, bool) or not ids:
        return value
    index = value % (len(ids) + 1)
    return ids[index] if index < len(ids) else value


def aim_at_records(case, records):
    collection = case.operation.path.split("/")[3]
    for name, value in (case.path_parameters or {}).items():
        kind = PATH_KINDS.get(collection) if name == "id" else FIELD_KINDS.get(name)
        case.path_parameters[name] = _aimed(value, records.get(kind, []))
    if isinstance(case.body, dict):
        for name, value in case.body.items():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and "organization" in item:
                        item["organization"] = _aimed(item["organization"], records["organization"])
            elif name in FIELD_KINDS:
                case.body[name] = _aimed(value, records[FIELD_KINDS[name]])


@pytest.mark.django_db
# A paged list without a stable order repeats and skips rows between pages: a failure here (500).
@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # The world is built once per operation, not per example: the examples share it on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_operation_holds_under_generated_input(case, world, personas):
    # Every example goes out once per role: the same input, six callers (a separate test per
    # role would generate the same derandomized inputs six times and build the world six times).
    aim_at_records(case, world)
    for role in ROLES:
        try:
            case.call_and_validate(headers=auth_headers(personas[role]), checks=CHECKS)
        except (FailureGroup, AssertionError) as failure:  # the report would not say whose request it was
            failure.add_note(f"Role: {role}")
            raise
