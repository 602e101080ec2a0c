"""Portfolio reports: the hand-built portfolio's year as a page and as a PDF, per scope.

The portfolio is tests/metrics/portfolio.py's (its metrics are worked out in
tests/metrics/test_metrics.py); the lists of 2025 are worked out below.
"""

import datetime
import re
from decimal import Decimal

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from metrics import services as metrics_services
from outputs.models import OutputKind
from reports.portfolio import ROW_LIMIT, portfolio_report
from tests.agreements.factories import AgreementFactory
from tests.metrics import portfolio as hand_built
from tests.outputs.factories import OutputFactory
from tests.partnerships.factories import FundingFactory, PaymentFactory
from tests.people.factories import PlacementFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:portfolio")
A4_POINTS = (595.28, 841.89)


@pytest.fixture
def portfolio(university, acme, globex, acme_partnership, globex_partnership):
    objects = hand_built.build(
        university=university,
        acme=acme,
        globex=globex,
        acme_partnership=acme_partnership,
        globex_partnership=globex_partnership,
    )
    # The draft was first drafted today: pin it to 2025, so the year's lists do not depend on the date.
    Agreement.objects.filter(status="draft").update(first_draft_at=hand_built.at(2025, 11, 1))
    metrics_services.metrics_recompute_all()
    return {**objects, "acme": acme, "globex": globex, "university": university}


def figures(report) -> dict:
    return {figure.key: figure for figure in report.figures}


def funding(report) -> dict:
    return {
        total.currency: (total.commitments, total.committed, total.received_in_year, total.outstanding)
        for total in report.funding
    }


def test_the_portfolio_report_of_2025_has_the_worked_out_figures_and_lists(staff_user, portfolio):
    report = portfolio_report(user=staff_user, year=2025)

    assert report.scope.label == "Whole portfolio"
    board = figures(report)
    assert (board["publications"].value, board["publications"].previous) == (2, 1)
    assert board["publications"].change_text == "+1 (+100%)"
    assert board["funding_committed"].value_text == "350,000 GBP"
    assert board["licence_income"].value == 1100
    # One of three finished placements hired by industry in 2025, one of one in 2024.
    assert (board["hired_share"].value_text, board["hired_share"].change_text) == ("33%", "-67 points")
    # Agreements in force or under way in 2025: three executed, and the draft of November.
    assert report.agreement_statuses == [("draft", "Draft", 1), ("executed", "Executed", 3)]
    assert report.agreements.total == 4
    # GBP: Acme 100,000 + 30,000 in kind, the agency's 50,000, Globex's 200,000; received 40,000 + 80,000.
    assert funding(report) == {
        "GBP": (4, Decimal("380000"), Decimal("120000"), Decimal("260000")),
        "EUR": (1, Decimal("999"), Decimal("0"), Decimal("999")),
    }
    # Placements touching 2025 (the 2024 one ended, the cancelled one never happened).
    assert report.placements.total == 4
    # Outputs dated 2025: ten in Acme's partnership, Globex's paper.
    assert report.outputs.total == 11
    assert ("disclosure", "Invention disclosure", 2) in report.output_kinds
    assert report.trends["years"] == [2024, 2025]


def test_acmes_partner_report_holds_nothing_of_globexs(staff_user, portfolio, client_as):
    acme = portfolio["acme"]
    report = portfolio_report(user=staff_user, year=2025, partner=acme)

    assert report.scope.label == "Partner: Acme Robotics"
    assert figures(report)["funding_committed"].value == 100000  # Acme's own rows of the metrics table
    assert report.agreements.total == 2  # the agreements Acme is a party to
    assert funding(report) == {
        "GBP": (2, Decimal("130000"), Decimal("40000"), Decimal("90000")),
        "EUR": (1, Decimal("999"), Decimal("0"), Decimal("999")),
    }
    assert {commitment.source for commitment in report.commitments.rows} == {acme}
    assert report.placements.total == 4
    assert report.outputs.total == 10
    assert all(output.partnership == portfolio["p1"] for output in report.outputs.rows)

    client = client_as(staff_user)
    page = client.get(URL, {"year": 2025, "partner": acme.pk})
    assert page.status_code == 200
    assert "Acme robot grasping" in page.content.decode()
    assert "Globex" not in page.content.decode()
    pdf = client.get(URL, {"year": 2025, "partner": acme.pk, "format": "pdf"})
    text = pdf_text(pdf.content)
    assert "Acme robot grasping" in text and "Globex" not in text


def test_a_partnership_report_covers_that_partnership_only(staff_user, portfolio):
    report = portfolio_report(user=staff_user, year=2025, partnership=portfolio["p2"])

    assert report.scope.label == "Partnership: Globex demand forecasting"
    assert figures(report)["publications"].value == 1
    assert report.agreements.total == 2
    assert funding(report) == {"GBP": (1, Decimal("200000"), Decimal("80000"), Decimal("120000"))}
    assert report.placements.total == 0
    assert [output.title for output in report.outputs.rows] == [
        output.title for output in portfolio["p2"].outputs.all()
    ]


def test_the_page_is_printable_with_charts_fed_without_inline_script(client_as, viewer_user, portfolio):
    response = client_as(viewer_user).get(URL, {"year": 2025})

    assert response.status_code == 200
    html = response.content.decode()
    assert "css/portfolio_report.css" in html and "js/portfolio_report.js" in html
    assert "data-print" in html
    assert 'id="portfolio-trends" type="application/json"' in html
    assert 'id="portfolio-trend-counts"' in html
    assert "style=" not in html
    for tag in re.findall(r"<script[^>]*>", html):  # the CSP runs no inline script
        assert " src=" in tag or 'type="application/json"' in tag, tag
    figure_cell = response.context["report"].figures[0]
    assert f'data-testid="figure-{figure_cell.key}">{figure_cell.value_text}<' in html
    assert "?year=2025&amp;format=pdf" in html


def test_the_page_without_a_year_is_this_years(client_as, staff_user, acme_partnership):
    response = client_as(staff_user).get(URL)

    assert response.status_code == 200
    assert response.context["report"].year == timezone.localdate().year


def is_a4(size) -> bool:
    return all(abs(actual - expected) < 1 for actual, expected in zip(size, A4_POINTS, strict=True))


def first_page_ink(content: bytes) -> tuple[float, tuple]:
    """The share of non-white pixels of the PDF's first page, and the page's size in points."""
    document = pypdfium2.PdfDocument(content)
    try:
        page = document[0]
        size = page.get_size()
        image = page.render(scale=1).to_pil().convert("L")
    finally:
        document.close()
    histogram = image.histogram()
    ink = sum(histogram[:240]) / (image.width * image.height)
    return ink, size


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    finally:
        document.close()


def page_count(content: bytes) -> int:
    document = pypdfium2.PdfDocument(content)
    try:
        return len(document)
    finally:
        document.close()


def test_the_pdf_renders_an_a4_first_page_with_content(client_as, admin_user, portfolio):
    response = client_as(admin_user).get(URL, {"year": 2025, "format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="portfolio-2025-whole-portfolio.pdf"'
    ink, size = first_page_ink(response.content)
    assert is_a4(size)
    assert ink > 0.03  # title, key-figures table and the bar chart; a blank page is 0
    pages = page_count(response.content)
    assert pages == 4  # figures; agreements; funding; placements and outputs
    text = pdf_text(response.content)
    assert "Portfolio report 2025" in text
    assert "Whole portfolio" in text
    assert "350,000 GBP" in text
    assert "Page 1 of 4" in text and "Page 4 of 4" in text
    assert "Acme grasping" not in text  # the fixture's agreement is not part of this portfolio
    assert "Globex demand forecasting" in text


def test_an_empty_year_still_renders_a_pdf(client_as, staff_user):
    response = client_as(staff_user).get(URL, {"year": 1990, "format": "pdf"})

    ink, size = first_page_ink(response.content)
    assert response.status_code == 200 and is_a4(size)
    assert ink > 0.005
    assert "None in this scope and year." in pdf_text(response.content)


def test_record_text_cannot_inject_pdf_markup(client_as, staff_user, acme_partnership):
    OutputFactory(partnership=acme_partnership, title="<b>Bold & <unclosed", date=datetime.date(2025, 3, 1))

    response = client_as(staff_user).get(URL, {"year": 2025, "format": "pdf"})

    assert response.status_code == 200
    assert "<b>Bold & <unclosed" in pdf_text(response.content)


def _rows_of_everything(partnership, count):
    for index in range(count):
        AgreementFactory(partnership=partnership)
        commitment = FundingFactory(partnership=partnership, amount=Decimal(1000 + index))
        PaymentFactory(commitment=commitment, received_on=datetime.date(2025, 2, 1), amount=Decimal(100))
        PlacementFactory(
            partnership=partnership,
            start_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=40 * index),
            end_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=40 * index + 30),
        )
        OutputFactory(partnership=partnership, kind=OutputKind.LICENCE, date=datetime.date(2025, 4, 1))


@pytest.mark.parametrize("report_format", ["html", "pdf"])
def test_the_report_takes_as_many_queries_for_many_rows_as_for_one(
    client_as, staff_user, acme_partnership, globex_partnership, report_format
):
    client = client_as(staff_user)
    params = {"year": 2025, "format": report_format}
    client.get(URL, params)  # the session and the user, once
    _rows_of_everything(acme_partnership, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL, params).status_code == 200
    _rows_of_everything(globex_partnership, 6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)
    if report_format == "html":
        assert response.context["report"].outputs.total == 7
    assert len(many) == len(one), [query["sql"][:120] for query in many]


def test_a_long_list_is_cut_and_says_how_many_there_are(staff_user, acme_partnership):
    OutputFactory.create_batch(ROW_LIMIT + 3, partnership=acme_partnership, date=datetime.date(2025, 6, 1))

    report = portfolio_report(user=staff_user, year=2025)

    assert len(report.outputs.rows) == ROW_LIMIT
    assert (report.outputs.total, report.outputs.more) == (ROW_LIMIT + 3, 3)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_liaisons_may_not_have_portfolio_reports(client_as, acme_liaison, globex_liaison, acme, acme_partnership, fmt):
    for liaison in (acme_liaison, globex_liaison):
        response = client_as(liaison).get(URL, {"year": 2025, "partner": acme.pk, "format": fmt})
        assert response.status_code == 403


NEXT_YEAR = datetime.date.today().year + 1


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "abc"}, "year", f"Choose a year from 1990 to {NEXT_YEAR}."),
        ({"year": "1989"}, "year", f"Choose a year from 1990 to {NEXT_YEAR}."),
        ({"year": str(NEXT_YEAR + 1)}, "year", f"Choose a year from 1990 to {NEXT_YEAR}."),
        ({"year": "2025.0"}, "year", f"Choose a year from 1990 to {NEXT_YEAR}."),
        ({"partner": "abc"}, "partner", "No such partner: choose one from the list."),
        ({"partner": "999999"}, "partner", "No such partner: choose one from the list."),
        ({"partner": "99999999999999999999999"}, "partner", "No such partner: choose one from the list."),
        ({"partner": "1\x00"}, "partner", "Null characters are not allowed."),
        ({"partnership": "-1"}, "partnership", "No such partnership: choose one from the list."),
        ({"format": "docx"}, "format", "Choose the page or the PDF."),
    ],
)
def test_bad_parameters_give_the_form_back_with_an_error(
    client_as, staff_user, acme_partnership, params, field, message
):
    response = client_as(staff_user).get(URL, params)

    assert response.status_code == 400
    assert response.context["portfolio_form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert 'data-testid="portfolio-report-form"' in response.content.decode()


def test_a_partner_must_be_a_member_of_the_partnership_chosen(
    client_as, staff_user, acme, acme_partnership, globex_partnership
):
    response = client_as(staff_user).get(URL, {"partner": acme.pk, "partnership": globex_partnership.pk})

    assert response.status_code == 400
    assert response.context["portfolio_form"].errors["partnership"] == [
        "Acme Robotics is not a member of this partnership."
    ]


def test_an_organization_outside_every_partnership_is_no_partner_to_report_on(client_as, staff_user):
    from tests.partnerships.factories import OrganizationFactory

    loner = OrganizationFactory(name="Lonely Widgets")

    response = client_as(staff_user).get(URL, {"partner": loner.pk})

    assert response.status_code == 400


def test_the_reports_page_offers_the_portfolio_and_autm_sections_to_the_office_only(
    client_as, viewer_user, acme_liaison, acme_partnership
):
    page = client_as(viewer_user).get(reverse("reports:report-list")).content.decode()
    assert 'data-testid="portfolio-report-form"' in page and 'data-testid="autm-summary-form"' in page
    # Pickers: the partnerships are searched (/lookup/), not listed.
    assert (
        'data-lookup-url="/lookup/partnerships/"' in page
        and 'data-lookup-url="/lookup/organizations/?partners=1"' in page
    )
    assert "Acme robot grasping" not in page
    assert 'value="pdf"' in page

    page = client_as(acme_liaison).get(reverse("reports:report-list")).content.decode()
    assert "portfolio-report-form" not in page and "autm-summary-form" not in page


def test_the_pdf_is_the_same_report_as_the_page(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    page = client.get(URL, {"year": 2025, "partnership": portfolio["p1"].pk})
    report = page.context["report"]
    text = pdf_text(client.get(URL, {"year": 2025, "partnership": portfolio["p1"].pk, "format": "pdf"}).content)

    for figure in report.figures:
        assert f"{figure.label} {figure.value_text} {figure.previous_text} {figure.change_text}" in " ".join(
            text.split()
        )
    for agreement in report.agreements.rows:
        assert agreement.reference in text
