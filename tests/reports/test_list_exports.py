"""Every list's export holds exactly what its page shows that user, with the columns people expect.

One portfolio with Acme's and Globex's records side by side; each export is checked against
its own list page for the same user and filters, as CSV and as the XLSX a job prepares.
"""

import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outputs.models import IncomeKind, OutputKind
from partnerships.models import FundingMechanism, InKindKind
from reports.models import ExportJob, JobStatus
from tests.agreements.factories import AgreementFactory, DeviationFactory, ReviewRoundFactory
from tests.outputs.factories import IncomeFactory, OutputFactory
from tests.partnerships.factories import (
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    PartnershipFactory,
    PaymentFactory,
    ResearchAreaFactory,
)
from tests.people.factories import AffiliationFactory, PersonFactory, PlacementFactory
from tests.reports.conftest import read_csv

pytestmark = pytest.mark.django_db

HEADERS = {
    "organizations": ["Name", "Kind", "Country", "Sector", "Status", "Parent", "Website", "Partnerships"],
    "partnerships": [
        "Title",
        "Model",
        "Phase",
        "Members",
        "Research areas",
        "Owner",
        "Start",
        "End",
        "Overdue milestones",
    ],
    "funding": [
        "Partnership",
        "Source",
        "Mechanism",
        "In-kind contribution",
        "In-kind valuation",
        "Amount",
        "Currency",
        "Received",
        "Outstanding",
        "Start",
        "End",
        "Description",
    ],
    "people": ["First name", "Last name", "Kind", "E-mail", "ORCID", "Current affiliations"],
    "placements": [
        "Person",
        "Kind",
        "Home",
        "Host",
        "Partnership",
        "Academic advisor",
        "Industry mentor",
        "Start",
        "End",
        "Status",
        "Career outcome",
    ],
    "outputs": [
        "Kind",
        "Title",
        "Date",
        "Partnership",
        "Agreement",
        "People",
        "DOI",
        "Venue",
        "Citations",
        "Patent office",
        "Number",
        "Licensee",
        "Exclusive",
        "Licence income",
        "Business result",
    ],
    "deviations": [
        "Agreement",
        "Agreement title",
        "Term",
        "Severity",
        "Standard position",
        "Agreed value",
        "Found",
        "Resolved",
        "Signed off by",
        "Signed off",
        "Sign-off reason",
    ],
    "reviews": [
        "Agreement",
        "Agreement title",
        "Round",
        "Organization",
        "Sent by",
        "Sent",
        "Due",
        "Status",
        "Decided by",
        "Decided",
        "Decision note",
    ],
}
TABLES = list(HEADERS)
SHARED_WITH_PARTNERS = [key for key in TABLES if key != "deviations"]

# The first two cells of a list page's row, as its export writes them.
PAGE_CELLS = {
    "organizations": lambda o: [o.name, o.get_kind_display()],
    "partnerships": lambda p: [p.title, p.get_model_display()],
    "funding": lambda c: [c.partnership.title, c.source.name],
    "people": lambda p: [p.first_name, p.last_name],
    "placements": lambda p: [p.person.full_name, p.get_kind_display()],
    "outputs": lambda o: [o.get_kind_display(), o.title],
    "deviations": lambda d: [d.agreement.reference, d.agreement.title],
    "reviews": lambda r: [r.agreement.reference, r.agreement.title],
}
# Filters and sorts each list offers, as its page's query string.
FILTERS = {
    "organizations": {"kind": "company", "ordering": "-partnerships"},
    "partnerships": {"phase": "active", "ordering": "-title"},
    "funding": {"mechanism": "direct_sponsorship", "ordering": "-amount"},
    "people": {"ordering": "-name"},
    "placements": {"kind": "internship", "ordering": "person"},
    "outputs": {"kind": "publication", "ordering": "title"},
    "deviations": {"severity": "blocker", "ordering": "agreement"},
    "reviews": {"status": "open"},
}


def _export(client, key, params=None):
    response = client.get(reverse("reports:export", args=[key]), params or {})
    assert response.status_code == 200, response.content[:300]
    return read_csv(response)


def _page_rows(client, key, params) -> list[list[str]]:
    from core.exports import table_for

    response = client.get(reverse(table_for(key).list_url_name), params)
    assert response.status_code == 200
    context = response.context
    # The review page lists the rounds waiting, then those decided; the other lists page them.
    objects = [*context["waiting"], *context["decided"]] if key == "reviews" else list(context["page_obj"])
    return [PAGE_CELLS[key](item) for item in objects]


@pytest.fixture
def portfolio(admin_user, acme, globex, acme_partnership, globex_partnership, acme_agreement, globex_agreement):
    """Records of every list for Acme and for its rival Globex; each rival's row names Globex."""
    acme_partnership.research_areas.add(ResearchAreaFactory(name="Robotics"), ResearchAreaFactory(name="Haptics"))
    MilestoneFactory(partnership=acme_partnership, title="Late report", due_date=date(2020, 1, 1))
    acme_cash = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("120000.00"))
    PaymentFactory(commitment=acme_cash, amount=Decimal("20000.00"))
    FundingFactory(
        partnership=acme_partnership,
        source=acme,
        mechanism=FundingMechanism.IN_KIND,
        in_kind_kind=InKindKind.COMPUTE,
        amount=Decimal("40000.00"),
    )
    FundingFactory(partnership=globex_partnership, source=globex, amount=Decimal("900000.00"))

    erik = PersonFactory(first_name="Erik", last_name="Engineer", email="erik@acme.example")
    AffiliationFactory(person=erik, organization=acme, title="Engineer")
    greta = PersonFactory(first_name="Greta", last_name="Globex-Analyst", email="greta@globex.example")
    AffiliationFactory(person=greta, organization=globex, title="Analyst")
    PlacementFactory(partnership=acme_partnership, person=PersonFactory(first_name="Ada", last_name="Intern"))
    PlacementFactory(partnership=globex_partnership, person=PersonFactory(first_name="Gus", last_name="Globex-Intern"))

    paper = OutputFactory(partnership=acme_partnership, title="Acme tactile grasping", agreement=acme_agreement)
    paper.people.add(erik)
    licence = OutputFactory(
        partnership=acme_partnership,
        kind=OutputKind.LICENCE,
        title="Acme gripper licence",
        licensee=acme,
        exclusive=True,
    )
    IncomeFactory(output=licence, kind=IncomeKind.ROYALTY, amount=Decimal("1000.00"))
    IncomeFactory(output=licence, kind=IncomeKind.PATENT_COSTS, amount=Decimal("500.00"))  # not licence income
    OutputFactory(partnership=globex_partnership, title="Globex forecasting paper").people.add(greta)

    DeviationFactory(agreement=acme_agreement)
    DeviationFactory(agreement=globex_agreement, term="publication_review_days", actual="120")
    ReviewRoundFactory(agreement=acme_agreement, organization=acme)
    ReviewRoundFactory(agreement=globex_agreement, organization=globex)
    return {"erik": erik, "licence": licence}


# --- Columns -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", TABLES)
def test_each_export_has_the_header_people_expect(client_as, staff_user, portfolio, key):
    assert _export(client_as(staff_user), key)[0] == HEADERS[key]


def test_names_labels_and_sums_are_written_out(client_as, staff_user, acme_agreement, portfolio):
    client = client_as(staff_user)

    def row(key, first_cell, column=0):
        rows = _export(client, key)
        return next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[column] == first_cell)

    partnership = row("partnerships", "Acme robot grasping")
    assert partnership["Members"] == "Northbridge University (Academic lead); Acme Robotics (Lead sponsor)"
    assert (partnership["Research areas"], partnership["Overdue milestones"]) == ("Haptics, Robotics", "1")
    assert row("organizations", "Acme Robotics")["Partnerships"] == "1"
    licence = row("outputs", "Acme gripper licence", column=1)
    assert (licence["Licensee"], licence["Exclusive"], licence["Licence income"]) == ("Acme Robotics", "yes", "1000.00")
    paper = row("outputs", "Acme tactile grasping", column=1)
    assert (paper["People"], paper["Agreement"]) == ("Erik Engineer", acme_agreement.reference)
    erik = row("people", "Erik")
    assert (erik["E-mail"], erik["Current affiliations"]) == ("erik@acme.example", "Acme Robotics (Engineer)")
    funding = [r for r in _export(client, "funding")[1:] if r[0] == "Acme robot grasping"]
    by_mechanism = {r[2]: r for r in funding}
    assert by_mechanism["Direct sponsorship"][7:9] == ["20000.00", "100000.00"]  # received, outstanding
    assert by_mechanism["In-kind contribution"][3:5] == ["Compute", "40000.00"]
    deviation = row("deviations", acme_agreement.reference)
    assert (deviation["Term"], deviation["Severity"], deviation["Signed off by"]) == ("Right to publish", "Blocker", "")
    review = row("reviews", acme_agreement.reference)
    assert (review["Organization"], review["Status"]) == ("Acme Robotics", "Waiting for the partner")


def test_outputs_without_linked_people_show_the_authors_as_published(client_as, staff_user, acme_partnership):
    OutputFactory(partnership=acme_partnership, authors_text="Chen, M. and Okafor, J.")
    rows = _export(client_as(staff_user), "outputs")
    assert rows[1][HEADERS["outputs"].index("People")] == "Chen, M. and Okafor, J."


# --- The list's rows, for that user ------------------------------------------------------------


CASES = [
    *[(key, "staff_user", params) for key in TABLES for params in ({}, FILTERS[key])],
    *[(key, "acme_liaison", params) for key in SHARED_WITH_PARTNERS for params in ({}, FILTERS[key])],
]


@pytest.mark.parametrize(
    ("key", "persona", "params"),
    CASES,
    ids=[f"{key}-{persona}-{'filtered' if params else 'all'}" for key, persona, params in CASES],
)
def test_an_export_holds_exactly_the_rows_its_list_shows(client_as, request, portfolio, key, persona, params):
    client = client_as(request.getfixturevalue(persona))

    shown = _page_rows(client, key, params)
    exported = [row[:2] for row in _export(client, key, params)[1:]]

    assert shown, "the portfolio gives every list something to show"
    assert exported == shown  # the same rows, in the list's order


@pytest.mark.parametrize("key", SHARED_WITH_PARTNERS)
@pytest.mark.parametrize(("persona", "rival"), [("acme_liaison", "Globex"), ("globex_liaison", "Acme")])
def test_a_liaisons_export_has_nothing_of_a_rivals(client_as, request, portfolio, key, persona, rival):
    rows = _export(client_as(request.getfixturevalue(persona)), key)
    assert len(rows) > 1
    assert not [cell for row in rows for cell in row if rival in cell]


def test_a_liaison_sees_e_mails_only_of_people_at_their_own_organization(client_as, acme_liaison, portfolio):
    rows = {row[0]: row for row in _export(client_as(acme_liaison), "people")[1:]}
    assert rows["Erik"][3] == "erik@acme.example"
    assert rows["Ada"][3] == ""  # placed at Acme, employed elsewhere: her e-mail is not Acme's to see


@pytest.mark.parametrize("persona", ["acme_liaison", "globex_liaison"])
def test_deviations_are_the_offices_own_and_cannot_be_exported_by_partners(
    client_as, request, portfolio, persona, django_capture_on_commit_callbacks
):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(reverse("reports:export", args=["deviations"])).status_code == 403
    with django_capture_on_commit_callbacks(execute=False):
        job = client.post(reverse("reports:export-create"), {"table": "deviations", "format": "xlsx"})
    assert job.status_code == 403
    assert not ExportJob.objects.exists()
    listed = {table["key"] for table in client.get(reverse("export-tables")).json()}
    assert "deviations" not in listed and "reviews" in listed


# --- XLSX jobs -----------------------------------------------------------------------------------


def _xlsx_rows(client, run_jobs, key, params) -> list[tuple]:
    with run_jobs():
        client.post(
            reverse("reports:export-create"), {"table": key, "format": "xlsx", "params": urlencode(params, doseq=True)}
        )
    job = ExportJob.objects.get(table=key)
    assert job.status == JobStatus.DONE, job.error
    download = client.get(reverse("reports:export-download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def _same_cell(written: str, read) -> bool:
    """A CSV cell and the XLSX cell of the same value: numbers and dates stay typed in XLSX."""
    if read is None:
        return written == ""
    if isinstance(read, bool):
        return written == ("yes" if read else "no")
    if isinstance(read, int | float):
        return Decimal(written) == Decimal(str(read))
    if isinstance(read, datetime):
        shown = read.date() if (read.hour, read.minute, read.second) == (0, 0, 0) else read
        return written == str(shown)
    return written == read


@pytest.mark.parametrize("key", TABLES)
def test_the_xlsx_job_opens_with_the_same_rows(client_as, staff_user, portfolio, run_jobs, key):
    client = client_as(staff_user)
    csv_rows = _export(client, key, FILTERS[key])

    xlsx_rows = _xlsx_rows(client, run_jobs, key, FILTERS[key])

    assert list(xlsx_rows[0]) == csv_rows[0]
    assert len(xlsx_rows) == len(csv_rows) > 1
    for written, read in zip(csv_rows[1:], xlsx_rows[1:], strict=True):
        mismatched = [(w, r) for w, r in zip(written, read, strict=True) if not _same_cell(w, r)]
        assert not mismatched, (key, mismatched)


# --- Formula injection ---------------------------------------------------------------------------


FORMULA = '=HYPERLINK("http://x","y")'


def test_a_partner_named_like_a_formula_is_exported_inert(client_as, staff_user, run_jobs):
    OrganizationFactory(name=FORMULA)
    client = client_as(staff_user)

    names = [row[0] for row in _export(client, "organizations")[1:]]
    assert names == ["'" + FORMULA]

    with run_jobs():
        client.post(reverse("reports:export-create"), {"table": "organizations", "format": "xlsx"})
    job = ExportJob.objects.get()
    download = client.get(reverse("reports:export-download", args=[job.pk]))
    cell = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active["A2"]
    assert (cell.value, cell.data_type) == ("'" + FORMULA, "s")  # text, never a formula


# --- Queries -------------------------------------------------------------------------------------


def _more_rows(key, scenario, count):
    """`count` more rows for a table, each with what its cells join (members, payments, people ...)."""
    for n in range(count):
        if key == "organizations":
            OrganizationFactory(name=f"Company {n}", parent=scenario["acme"])
        elif key == "partnerships":
            partnership = PartnershipFactory()
            partnership.research_areas.add(ResearchAreaFactory())
            MilestoneFactory(partnership=partnership, due_date=date(2020, 1, 1))
        elif key == "funding":
            PaymentFactory(commitment=FundingFactory())
        elif key == "people":
            AffiliationFactory(person=PersonFactory(), organization=scenario["acme"])
        elif key == "placements":
            PlacementFactory(academic_advisor=PersonFactory(), industry_mentor=PersonFactory())
        elif key == "outputs":
            IncomeFactory(output=OutputFactory(kind=OutputKind.LICENCE, licensee=scenario["acme"]))
            OutputFactory().people.add(PersonFactory())
        elif key == "deviations":
            DeviationFactory(
                signed_off_by=scenario["admin"], signed_off_at=datetime.now().astimezone(), sign_off_reason="ok"
            )
        elif key == "reviews":
            ReviewRoundFactory(agreement=AgreementFactory(partnership=PartnershipFactory(sponsor=scenario["acme"])))


@pytest.mark.parametrize("key", TABLES)
def test_export_queries_do_not_grow_with_rows(client_as, staff_user, admin_user, acme, portfolio, key):
    client = client_as(staff_user)
    with CaptureQueriesContext(connection) as few:
        before = len(_export(client, key))
    _more_rows(key, {"acme": acme, "admin": admin_user}, 12)
    with CaptureQueriesContext(connection) as many:
        after = len(_export(client, key))
    assert after > before
    assert len(many.captured_queries) == len(few.captured_queries)
