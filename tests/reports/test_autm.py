"""The AUTM annual summary: a small portfolio's 2025 worked out by hand, and the workbook that says so."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metrics import services as metrics_services
from metrics.models import MetricValue, ScopeKind
from outputs.models import IncomeKind, OutputKind
from tests.outputs.factories import IncomeFactory, OutputFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:autm")
D = datetime.date
INCLUDED_LABELS = ["Issue fees", "Option payments", "Annual minimums", "Running royalties", "Cashed-in equity"]
EXCLUDED_LABELS = ["Research funding", "Patent cost reimbursement", "Uncashed equity"]


@pytest.fixture
def autm_portfolio(acme, globex, acme_partnership, globex_partnership):
    """2025: an exclusive licence to Acme, a non-exclusive option, Globex's exclusive option;
    income of every kind; two disclosures, one filing, one grant, one start-up. Other years' records
    alongside, which must not count."""
    licence = OutputFactory(
        partnership=acme_partnership, kind=OutputKind.LICENCE, date=D(2025, 3, 1), licensee=acme, exclusive=True
    )
    option = OutputFactory(partnership=acme_partnership, kind=OutputKind.OPTION, date=D(2025, 9, 1), licensee=acme)
    OutputFactory(
        partnership=globex_partnership, kind=OutputKind.OPTION, date=D(2025, 5, 1), licensee=globex, exclusive=True
    )
    OutputFactory(partnership=acme_partnership, kind=OutputKind.LICENCE, date=D(2024, 12, 31), licensee=acme)
    for kind, amount, received, currency in [
        (IncomeKind.ISSUE_FEE, "1000", D(2025, 3, 2), "GBP"),
        (IncomeKind.MINIMUM, "250", D(2025, 12, 31), "GBP"),
        (IncomeKind.ROYALTY, "400", D(2025, 6, 30), "GBP"),
        (IncomeKind.ROYALTY, "600", D(2025, 9, 30), "GBP"),
        (IncomeKind.EQUITY_CASHED, "2000", D(2025, 11, 1), "GBP"),
        (IncomeKind.RESEARCH_FUNDING, "5000", D(2025, 4, 1), "GBP"),
        (IncomeKind.PATENT_COSTS, "300", D(2025, 4, 1), "GBP"),
        (IncomeKind.EQUITY_UNCASHED, "700", D(2025, 4, 1), "GBP"),
        (IncomeKind.ROYALTY, "999", D(2025, 4, 1), "EUR"),
        (IncomeKind.ROYALTY, "50", D(2024, 12, 31), "GBP"),  # last year's
    ]:
        IncomeFactory(output=licence, kind=kind, amount=Decimal(amount), received_on=received, currency=currency)
    IncomeFactory(output=option, kind=IncomeKind.OPTION_PAYMENT, amount=Decimal("100"), received_on=D(2025, 9, 2))
    for kind, day in [
        (OutputKind.DISCLOSURE, D(2025, 2, 1)),
        (OutputKind.DISCLOSURE, D(2025, 7, 1)),
        (OutputKind.DISCLOSURE, D(2024, 7, 1)),
        (OutputKind.PATENT_APPLICATION, D(2025, 8, 1)),
        (OutputKind.PATENT_GRANT, D(2025, 10, 1)),
        (OutputKind.PATENT_GRANT, D(2026, 1, 5)),
        (OutputKind.PUBLICATION, D(2025, 4, 1)),  # not an AUTM figure
    ]:
        OutputFactory(partnership=acme_partnership, kind=kind, date=day)
    OutputFactory(partnership=acme_partnership, kind=OutputKind.STARTUP, date=D(2025, 11, 1), title="Graspwell Ltd")
    OutputFactory(
        partnership=globex_partnership, kind=OutputKind.DISCLOSURE, date=D(2025, 6, 1), title='=HYPERLINK("x")'
    )


def workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def summary_rows(book) -> dict[str, list]:
    """The Summary sheet's rows by their first cell (the last such row wins for repeated headers)."""
    return {row[0]: list(row[1:]) for row in book["Summary"].iter_rows(values_only=True) if row and row[0]}


def section(book, heading: str) -> list[tuple]:
    """The rows under a heading of the Summary sheet, header row included, up to the blank row."""
    rows = list(book["Summary"].iter_rows(values_only=True))
    start = next(index for index, row in enumerate(rows) if row and row[0] == heading)
    found = []
    for row in rows[start + 1 :]:
        if not row or row[0] is None:
            break
        while row and row[-1] is None:  # openpyxl pads rows to the sheet's widest
            row = row[:-1]
        found.append(row)
    return found


def test_the_autm_summary_of_2025_has_the_worked_out_figures(client_as, admin_user, autm_portfolio):
    response = client_as(admin_user).get(URL, {"year": 2025})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="autm-summary-2025.xlsx"'
    book = workbook(response)
    assert book.sheetnames == [
        "Summary",
        "Licences and options",
        "Licence income",
        "Disclosures",
        "Patent applications",
        "Patents granted",
        "Start-ups",
    ]
    rows = summary_rows(book)
    # Exclusive, non-exclusive, total
    assert section(book, "Licences and options executed") == [
        ("Kind", "Exclusive", "Non-exclusive", "Total"),
        ("Licences", 1, 0, 1),
        ("Options", 1, 1, 2),
        ("Licences and options", 2, 1, 3),
    ]
    # GBP 1000 + 100 + 250 + (400 + 600) + 2000 = 4350; the euro royalty apart, never converted.
    assert section(book, "Licence income (AUTM: counted)") == [
        ("Income type", "GBP", "EUR"),
        ("Issue fees", 1000, 0),
        ("Option payments", 100, 0),
        ("Annual minimums", 250, 0),
        ("Running royalties", 1000, 999),
        ("Cashed-in equity", 2000, 0),
        ("Total licence income", 4350, 999),
    ]
    assert section(book, "Not counted as licence income (AUTM exclusions)") == [
        ("Income type", "GBP", "EUR"),
        ("Research funding", 5000, 0),
        ("Patent cost reimbursement", 300, 0),
        ("Uncashed equity", 700, 0),
    ]
    assert rows["Invention disclosures"][0] == 3
    assert rows["New patent applications"][0] == 1
    assert rows["Patents granted"][0] == 1
    assert rows["Start-ups"][0] == 1


def test_the_summary_names_its_fiscal_year(client_as, staff_user, autm_portfolio):
    book = workbook(client_as(staff_user).get(URL, {"year": 2025}))
    first_cells = [row[0] for row in book["Summary"].iter_rows(min_row=1, max_row=3, values_only=True)]

    assert first_cells[0] == "AUTM annual summary 2025"
    assert first_cells[1] == "Fiscal year 2025: the calendar year, 1 January to 31 December 2025."


def test_licence_income_lines_are_exactly_the_autm_inclusions(client_as, staff_user, autm_portfolio):
    book = workbook(client_as(staff_user).get(URL, {"year": 2025}))

    counted = [row[0] for row in section(book, "Licence income (AUTM: counted)")[1:-1]]
    not_counted = [row[0] for row in section(book, "Not counted as licence income (AUTM exclusions)")[1:]]
    assert counted == INCLUDED_LABELS
    assert not_counted == EXCLUDED_LABELS


def test_the_counted_income_equals_the_licence_income_metric(client_as, staff_user, autm_portfolio):
    metrics_services.metrics_recompute_all()
    metric = MetricValue.objects.get(scope_kind=ScopeKind.PORTFOLIO, key="licence_income", period=2025)

    book = workbook(client_as(staff_user).get(URL, {"year": 2025}))

    gbp = {row[0]: row[1] for row in section(book, "Licence income (AUTM: counted)")}
    assert gbp["Total licence income"] == metric.value == 4350


def test_the_detail_sheets_list_the_records_behind_each_figure(client_as, viewer_user, autm_portfolio):
    book = workbook(client_as(viewer_user).get(URL, {"year": 2025}))

    def records(title):
        rows = list(book[title].iter_rows(values_only=True))
        return rows[0], rows[1:]

    header, licences = records("Licences and options")
    assert header == ("Executed", "Kind", "Exclusive", "Title", "Licensee", "Partnership", "Agreement")
    assert [(row[1], row[2], row[4]) for row in licences] == [
        ("Licence executed", "exclusive", "Acme Robotics"),
        ("Option executed", "exclusive", "Globex Analytics"),
        ("Option executed", "non-exclusive", "Acme Robotics"),
    ]
    assert isinstance(licences[0][0], datetime.datetime) and licences[0][0].date() == D(2025, 3, 1)

    header, income = records("Licence income")
    assert len(income) == 10  # every 2025 receipt, counted or not
    assert sum(row[3] for row in income if row[2] == "yes" and row[4] == "GBP") == 4350
    assert {row[1] for row in income if row[2] == "no"} == set(EXCLUDED_LABELS)
    assert all(isinstance(row[3], int | float) for row in income)  # numbers, not text

    assert len(records("Disclosures")[1]) == 3
    assert len(records("Patent applications")[1]) == 1
    assert len(records("Patents granted")[1]) == 1
    assert [(row[1], row[2]) for row in records("Start-ups")[1]] == [("Graspwell Ltd", "Acme robot grasping")]


def test_text_from_the_records_is_inert_in_the_workbook(client_as, staff_user, autm_portfolio):
    book = workbook(client_as(staff_user).get(URL, {"year": 2025}))

    titles = [row[1].value for row in book["Disclosures"].iter_rows(min_row=2)]
    assert '\'=HYPERLINK("x")' in titles
    assert all(row[1].data_type == "s" for row in book["Disclosures"].iter_rows(min_row=2))


def test_the_summary_takes_as_many_queries_for_many_records_as_for_one(client_as, staff_user, acme, acme_partnership):
    client = client_as(staff_user)
    client.get(URL, {"year": 2025})

    def add_records(count):
        for _ in range(count):
            licence = OutputFactory(partnership=acme_partnership, kind=OutputKind.LICENCE, date=D(2025, 3, 1))
            IncomeFactory(output=licence, received_on=D(2025, 4, 1))
            for kind in (OutputKind.DISCLOSURE, OutputKind.PATENT_APPLICATION, OutputKind.STARTUP):
                OutputFactory(partnership=acme_partnership, kind=kind, date=D(2025, 5, 1))

    add_records(1)
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"year": 2025})
    add_records(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": 2025})
    assert summary_rows(workbook(response))["Invention disclosures"][0] == 9
    assert len(many) == len(one)


def test_an_empty_year_gives_a_workbook_of_zeros(client_as, staff_user):
    book = workbook(client_as(staff_user).get(URL, {"year": 1990}))

    assert section(book, "Licence income (AUTM: counted)")[-1] == ("Total licence income", 0)
    assert summary_rows(book)["Start-ups"][0] == 0
    assert list(book["Start-ups"].iter_rows(values_only=True)) == [("Formed", "Name", "Partnership", "Description")]


def test_liaisons_may_not_have_the_autm_summary(client_as, acme_liaison, globex_liaison, autm_portfolio):
    for liaison in (acme_liaison, globex_liaison):
        assert client_as(liaison).get(URL, {"year": 2025}).status_code == 403


def test_no_year_is_this_years_summary(client_as, staff_user):
    response = client_as(staff_user).get(URL)

    assert response.status_code == 200
    assert f"autm-summary-{datetime.date.today().year}.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize("year", ["abc", "1989", "3000", "2025; DROP TABLE", "-2025", "2025\x00", "2025.0"])
def test_a_bad_year_gives_the_form_back_never_a_server_error(client_as, staff_user, year):
    response = client_as(staff_user).get(URL, {"year": year})

    assert response.status_code == 400
    assert response.context["autm_form"].errors["year"]
    assert 'data-testid="autm-summary-form"' in response.content.decode()
