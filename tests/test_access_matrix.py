"""Every page and endpoint × every role. A URL with no row here fails `test_every_url_has_a_row`."""

import pytest
from django.urls import reverse

from tests.access import ROLES, Row, all_url_methods, all_url_names, statuses
from tests.agreements.api_access_rows import AGREEMENT_API_ROWS
from tests.agreements.factories import ActivityFactory, DocumentFactory, ReviewRoundFactory
from tests.agreements.page_access_rows import AGREEMENT_PAGE_ROWS
from tests.agreements.publication_api_access_rows import PUBLICATION_API_ROWS, publication_api_objects
from tests.core.access_rows import LOOKUP_ROWS
from tests.metrics.access_rows import METRIC_ROWS
from tests.outputs.access_rows import OUTPUT_ROWS, outputs_objects
from tests.partnerships.api_access_rows import API_ROWS
from tests.partnerships.factories import FundingFactory, MemberFactory, MilestoneFactory, OrganizationFactory
from tests.partnerships.page_access_rows import PAGE_ROWS
from tests.people.access_rows import PEOPLE_ROWS, people_objects
from tests.reports.access_rows import REPORT_ROWS, reports_objects
from tests.workspace.access_rows import WORKSPACE_ROWS

ACME_LIAISONS = {"acme_liaison": 403, "globex_liaison": 404}

MATRIX = [
    # Accounts
    Row("login", "get", statuses(200, signed_in=302)),
    Row("logout", "post", statuses(302, signed_in=302)),
    Row("password_change", "get", statuses(302, signed_in=200)),
    Row("password_change_done", "get", statuses(302, signed_in=200)),
    Row("profile", "get", statuses(302, signed_in=200)),
    Row("token-create", "post", statuses(302, signed_in=200)),
    Row("token-revoke", "post", statuses(302, signed_in=302)),
    Row("calendar-create", "post", statuses(302, signed_in=302)),
    Row("calendar-revoke", "post", statuses(302, signed_in=302)),
    # Shell
    Row("dashboard", "get", statuses(302, signed_in=200)),
    Row("healthz", "get", statuses(200, signed_in=200)),
    Row("admin:index", "get", statuses(302, admin=200, staff=302, viewer=302, liaisons=302)),
    # API
    Row("api-root", "get", statuses(401, signed_in=200)),
    Row("api-me", "get", statuses(401, signed_in=200)),
    Row("api-schema", "get", statuses(200, signed_in=200)),
    Row("api-docs", "get", statuses(200, signed_in=200)),
    *LOOKUP_ROWS,
    *PAGE_ROWS,
    *AGREEMENT_PAGE_ROWS,
    *API_ROWS,
    *AGREEMENT_API_ROWS,
    *PUBLICATION_API_ROWS,
    *PEOPLE_ROWS,
    *OUTPUT_ROWS,
    *METRIC_ROWS,
    *REPORT_ROWS,
    *WORKSPACE_ROWS,
]

# PUT replaces a whole record: an empty body is refused (400) for those who may write it; the
# others get what they get for PATCH (403 if they can see it, 404 if not).
PUT_ROWS = [
    Row(name, "put", statuses(401, admin=400, staff=400, viewer=403, **liaisons), path=path, json=True)
    for name, path, liaisons in [
        ("organization-detail", lambda s: reverse("organization-detail", args=[s["acme"].pk]), ACME_LIAISONS),
        (
            "partnership-detail",
            lambda s: reverse("partnership-detail", args=[s["acme_partnership"].pk]),
            ACME_LIAISONS,
        ),
        ("funding-detail", lambda s: reverse("funding-detail", args=[s["acme_funding"].pk]), ACME_LIAISONS),
        ("output-detail", lambda s: reverse("output-detail", args=[s["acme_output"].pk]), ACME_LIAISONS),
        ("person-detail", lambda s: reverse("person-detail", args=[s["acme_person"].pk]), ACME_LIAISONS),
        ("placement-detail", lambda s: reverse("placement-detail", args=[s["acme_placement"].pk]), ACME_LIAISONS),
    ]
]
MATRIX += PUT_ROWS

CASES = [(row, role) for row in MATRIX for role in ROLES]


def test_every_url_has_a_row():
    covered = {row.name for row in MATRIX}
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URLs with no access-matrix row: {missing}"


def test_every_method_an_endpoint_declares_has_a_row():
    """API routes declare their methods: each one needs its expected status for every role."""
    covered = {(row.name, row.method) for row in MATRIX}
    missing = sorted(all_url_methods() - covered)
    assert not missing, f"Endpoint methods with no access-matrix row: {missing}"


@pytest.fixture
def scenario(
    personas, acme, globex, university, acme_partnership, globex_partnership, acme_agreement, settings, tmp_path
):
    """The personas and the objects the rows act on: Acme's partnership and what hangs off it."""
    initech = OrganizationFactory(name="Initech Materials")
    return {
        **personas,
        "acme": acme,
        "globex": globex,
        "university": university,
        "acme_partnership": acme_partnership,
        "globex_partnership": globex_partnership,
        "acme_funding": FundingFactory(partnership=acme_partnership, source=acme),
        "acme_milestone": MilestoneFactory(partnership=acme_partnership),
        "acme_member": acme_partnership.members.get(organization=acme),
        # A removable member: Acme stays as the other member besides the academic lead.
        "acme_extra_member": MemberFactory(partnership=acme_partnership, organization=initech),
        "rival_free_company": OrganizationFactory(name="Hooli Devices"),
        **people_objects(personas, acme, university, acme_partnership),
        **outputs_objects(acme_partnership, acme),
        **_agreement_objects(acme_agreement, acme, settings, tmp_path),
        **publication_api_objects(personas, acme_agreement),
        **reports_objects(personas),
    }


def _agreement_objects(acme_agreement, acme, settings, tmp_path) -> dict:
    """Acme's agreement and what hangs off it: its party, a follow-up, a document, an open round."""
    settings.MEDIA_ROOT = tmp_path
    return {
        "acme_agreement": acme_agreement,
        "acme_party": acme_agreement.parties.get(organization=acme),
        "acme_activity": ActivityFactory(agreement=acme_agreement),
        "acme_document": (document := DocumentFactory(agreement=acme_agreement)),
        # The round to Acme carries the document: partners see versions sent to them.
        "acme_round": ReviewRoundFactory(agreement=acme_agreement, organization=acme, document=document),
        **_playbook_and_publication_objects(acme_agreement),
    }


def _playbook_and_publication_objects(acme_agreement) -> dict:
    """A playbook with a blocker Acme's agreement breaks, a manuscript Acme reviews, a calendar."""
    from accounts.services import calendar_feed_create
    from agreements import services
    from agreements.models import Agreement, PlaybookRule

    admin = type(acme_agreement.owner).objects.filter(role="admin").first()
    services.playbook_seed_defaults(actor=admin)
    Agreement.objects.filter(pk=acme_agreement.pk).update(theses_protected=False)
    services.agreement_check(agreement=acme_agreement)
    manuscript = services.manuscript_submit(
        agreement=acme_agreement, actor=acme_agreement.owner, title="Grasping paper", authors="M. Chen"
    )
    return {
        "playbook_rule": PlaybookRule.objects.first(),
        "acme_deviation": acme_agreement.deviations.needing_sign_off().get(),
        "acme_manuscript": manuscript,
        "acme_publication_review": manuscript.reviews.get(organization__name="Acme Robotics"),
        "staff_calendar": calendar_feed_create(user=acme_agreement.owner),
    }


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{row.id}-{role}" for row, role in CASES])
def test_access(row, role, scenario, client_as):
    client = client_as(scenario[role])
    path = row.path(scenario) if row.path else reverse(row.name)
    body = {"content_type": "application/json"} if row.json else {}
    response = getattr(client, row.method)(path, row.payload(scenario), **body)
    assert response.status_code == row.expected[role], (
        f"{row.method.upper()} {path} as {role}: expected {row.expected[role]}, got {response.status_code}"
    )


# The calendar feed row reads staff's own feed through its secret address (the address is the
# credential, whoever holds it): it is staff's tasks by design, not what a liaison's role shows.
LIAISON_READS = [
    row
    for row in MATRIX
    if row.method == "get" and row.expected["acme_liaison"] == 200 and row.name != "workspace:calendar-feed"
]
TEXT_TYPES = ("text/html", "application/json", "text/csv", "text/calendar")


@pytest.mark.parametrize("row", LIAISON_READS, ids=[row.id for row in LIAISON_READS])
def test_what_a_liaison_reads_holds_no_internal_note_and_nothing_of_a_rival(row, scenario, client_as):
    """Field-level: every page and endpoint Acme's liaison may read, read as them."""
    response = client_as(scenario["acme_liaison"]).get(row.path(scenario) if row.path else reverse(row.name))
    if not response["Content-Type"].startswith(TEXT_TYPES):
        return  # a document's own bytes: what it may hold is the document's business
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    secrets = {
        "an internal note": "Internal:",  # every factory's internal notes start so
        "an internal activity entry": scenario["acme_activity"].summary,
        "the internal-notes field": "internal_notes",
        "a rival partner": "Globex",
    }
    for what, secret in secrets.items():
        assert secret not in text, f"{row.id} shows Acme's liaison {what}"
