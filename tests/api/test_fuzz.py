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

from agreements import services as agreement_services
from agreements.models import Deviation
from reports.models import ExportFormat, ExportJob
from reports.tasks import run_export_task
from tests.agreements.factories import (
    ActivityFactory,
    DeviationFactory,
    DocumentFactory,
    PlaybookRuleFactory,
    ReviewRoundFactory,
)
from tests.api.openapi import CHECKS, auth_headers, requests_in_test_transaction, served_schema
from tests.outputs.factories import IncomeFactory, OutputFactory
from tests.partnerships.factories import FundingFactory, MilestoneFactory, PaymentFactory
from tests.people.factories import ParticipationFactory, PlacementFactory

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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents and exports the fuzzer uploads or starts (eagerly, in tests) go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(personas, acme, globex, university, acme_partnership, globex_partnership, acme_agreement, globex_agreement):
    """Records of every kind the API serves, for both rival partners, so that ids can hit them."""
    records: dict[str, list[int]] = {
        "organization": [university.pk, acme.pk, globex.pk],
        "partnership": [acme_partnership.pk, globex_partnership.pk],
        "agreement": [acme_agreement.pk, globex_agreement.pk],
    }
    staff = personas["staff"]
    for name, kind in [
        ("activity", ActivityFactory),
        ("round", ReviewRoundFactory),
        ("deviation", DeviationFactory),
    ]:
        records[name] = [kind(agreement=acme_agreement).pk, kind(agreement=globex_agreement).pk]
    records["party"] = [party.pk for party in [*acme_agreement.parties.all(), *globex_agreement.parties.all()]]
    records["funding"] = []
    for partnership in (acme_partnership, globex_partnership):
        commitment = FundingFactory(partnership=partnership)
        PaymentFactory(commitment=commitment)
        records["funding"].append(commitment.pk)
    records["member"] = [member.pk for p in (acme_partnership, globex_partnership) for member in p.members.all()]
    records["milestone"] = [MilestoneFactory(partnership=p).pk for p in (acme_partnership, globex_partnership)]
    records["person"] = [ParticipationFactory(partnership=p).person_id for p in (acme_partnership, globex_partnership)]
    records["placement"] = [PlacementFactory(partnership=p).pk for p in (acme_partnership, globex_partnership)]
    records["output"] = [IncomeFactory(output__partnership=p).output_id for p in (acme_partnership, globex_partnership)]
    records["output"] += [OutputFactory(partnership=p).pk for p in (acme_partnership, globex_partnership)]
    records["document"] = [DocumentFactory(agreement=a).pk for a in (acme_agreement, globex_agreement)]
    records["playbook-rule"] = [PlaybookRuleFactory().pk]
    records["playbook-version"] = [Deviation.objects.get(pk=pk).playbook_version_id for pk in records["deviation"]]
    records["export"] = [
        ExportJob.objects.create(user=user, table="agreements", table_title="Agreements", format="csv").pk
        for user in (staff, personas["acme_liaison"])
    ]
    # Finished ones too, in each format: a download answers the file's own content type.
    for export_format in ExportFormat.values:
        job = ExportJob.objects.create(user=staff, table="agreements", table_title="Agreements", format=export_format)
        run_export_task(job.pk)
        records["export"].append(job.pk)
    manuscripts = [
        agreement_services.manuscript_submit(agreement=a, actor=staff, title="Grasping", authors="M. Chen")
        for a in (acme_agreement, globex_agreement)
    ]
    records["manuscript"] = [m.pk for m in manuscripts]
    records["publication-review"] = [review.pk for m in manuscripts for review in m.reviews.all()]
    return records


# The kind of record an `{id}` names, by collection; and other path parameters and body fields, by name.
PATH_KINDS = {
    "organizations": "organization",
    "partnerships": "partnership",
    "funding": "funding",
    "agreements": "agreement",
    "playbook-rules": "playbook-rule",
    "deviations": "deviation",
    "manuscripts": "manuscript",
    "publication-reviews": "publication-review",
    "people": "person",
    "placements": "placement",
    "outputs": "output",
    "playbook-versions": "playbook-version",
    "exports": "export",
}
FIELD_KINDS = {
    "activity_id": "activity",
    "round_id": "round",
    "document_id": "document",
    "party_id": "party",
    "member_id": "member",
    "milestone_id": "milestone",
    "organization": "organization",
    "source": "organization",
    "academic_lead": "organization",
    "home_organization": "organization",
    "host_organization": "organization",
    "partnership": "partnership",
    "agreement": "agreement",
    "person": "person",
}


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
