"""The portfolio report as a PDF, drawn with reportlab alone (no system libraries, no browser).

It renders the same `PortfolioReport` as the page: title, scope and date, the key figures, a bar
chart of the outputs by year, then agreements, funding, placements and outputs, with page
numbers in the footer. Text from the records is escaped: reportlab's paragraphs read markup.
"""

import io
import math
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from reports.portfolio import Listing, PortfolioReport

PRIMARY = colors.HexColor("#1f4e79")
SERIES = [colors.HexColor(code) for code in ("#1f4e79", "#2e8b57", "#e0a800", "#6f42c1", "#dc3545")]
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("ReportTitle", parent=_styles["Title"], alignment=0, textColor=PRIMARY, spaceAfter=2 * mm)
HEADING = ParagraphStyle("ReportHeading", parent=_styles["Heading2"], textColor=PRIMARY, spaceBefore=4 * mm)
BODY = ParagraphStyle("ReportBody", parent=_styles["BodyText"], fontSize=9, leading=11)
SMALL = ParagraphStyle("ReportSmall", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#555555"))
CELL = ParagraphStyle("ReportCell", parent=BODY, fontSize=8, leading=9.5)
CELL_RIGHT = ParagraphStyle("ReportCellRight", parent=CELL, alignment=TA_RIGHT)
HEAD_CELL = ParagraphStyle("ReportHeadCell", parent=CELL, fontName="Helvetica-Bold", textColor=colors.white)
HEAD_CELL_RIGHT = ParagraphStyle("ReportHeadCellRight", parent=HEAD_CELL, alignment=TA_RIGHT)


def portfolio_pdf(report: PortfolioReport) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{report.title}: {report.scope.label}",
        author="Tandem",
    )
    document.build(_story(report), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _story(report: PortfolioReport) -> list:
    story = [
        Paragraph(escape(report.title), TITLE),
        Paragraph(f"{escape(report.scope.label)} · generated {report.generated_on:%d %B %Y}", BODY),
        Spacer(1, 4 * mm),
        Paragraph(f"Key figures: {report.year} against {report.previous_year}", HEADING),
        _figures_table(report),
        *[Paragraph(escape(note), SMALL) for note in report.notes],
        Paragraph("Outputs by year", HEADING),
        _trend_chart(report),
        PageBreak(),
        *_agreements(report),
        PageBreak(),
        *_funding(report),
        PageBreak(),
        *_placements(report),
        Spacer(1, 6 * mm),
        *_outputs(report),
    ]
    return story


def _figures_table(report: PortfolioReport):
    rows = [[figure.label, figure.value_text, figure.previous_text, figure.change_text] for figure in report.figures]
    header = ["Figure", str(report.year), str(report.previous_year), "Change"]
    return _table(header, rows, [0.34, 0.2, 0.2, 0.26], right_from=1)


def _trend_chart(report: PortfolioReport) -> Drawing:
    trends = report.trends
    height = 62 * mm
    drawing = Drawing(WIDTH, height)
    if not trends["years"]:
        drawing.add(String(0, height / 2, "No figures computed for these years yet.", fontSize=9))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = WIDTH - 16 * mm, height - 18 * mm
    chart.data = [series["data"] for series in trends["counts"]]
    chart.categoryAxis.categoryNames = [str(year) for year in trends["years"]]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    # Counts: whole-number ticks, about five of them.
    highest = max((value for series in chart.data for value in series), default=0)
    chart.valueAxis.valueStep = max(1, math.ceil(highest / 5))
    chart.barSpacing = 0.5
    chart.groupSpacing = 4
    for index, _series in enumerate(trends["counts"]):
        chart.bars[index].fillColor = SERIES[index % len(SERIES)]
        chart.bars[index].strokeColor = None
    legend = Legend()
    legend.x, legend.y = 12 * mm, 4 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontSize = 7
    legend.deltax = 30 * mm
    legend.colorNamePairs = [
        (SERIES[index % len(SERIES)], series["label"]) for index, series in enumerate(trends["counts"])
    ]
    drawing.add(chart)
    drawing.add(legend)
    return drawing


def _agreements(report: PortfolioReport) -> list:
    statuses = ", ".join(f"{label}: {count}" for _, label, count in report.agreement_statuses) or "none"
    rows = [
        [
            agreement.reference,
            agreement.title,
            agreement.partnership.title,
            agreement.party_names,
            agreement.get_status_display(),
            _date(agreement.effective_date),
            _date(agreement.expiry_date),
        ]
        for agreement in report.agreements.rows
    ]
    header = ["Reference", "Title", "Partnership", "Parties", "Status", "Effective", "Expires"]
    return [
        Paragraph(f"Agreements in {report.year}", HEADING),
        Paragraph(f"In force or under way during the year, by status: {escape(statuses)}.", BODY),
        Spacer(1, 2 * mm),
        *_listing(header, rows, [0.15, 0.17, 0.16, 0.19, 0.11, 0.11, 0.11], report.agreements),
    ]


def _funding(report: PortfolioReport) -> list:
    story = [
        Paragraph(f"Funding in {report.year}", HEADING),
        Paragraph(
            "Commitments whose period touches the year; received and outstanding at the year's end. "
            "Each currency apart, never converted.",
            BODY,
        ),
        Spacer(1, 2 * mm),
    ]
    if not report.funding:
        return [*story, Paragraph("None in this scope and year.", BODY)]
    totals = [
        [
            each.currency,
            str(each.commitments),
            _money(each.committed),
            _money(each.received_in_year),
            _money(each.received_by_year_end),
            _money(each.outstanding),
        ]
        for each in report.funding
    ]
    header = ["Currency", "Commitments", "Committed", f"Received in {report.year}", "Received by year end"]
    rows = [
        [
            commitment.source.name,
            commitment.partnership.title,
            commitment.get_mechanism_display(),
            commitment.currency,
            _money(commitment.amount),
            _money(commitment.received),
            _money(commitment.outstanding),
        ]
        for commitment in report.commitments.rows
    ]
    return [
        *story,
        _table([*header, "Outstanding"], totals, [0.12, 0.14, 0.185, 0.185, 0.185, 0.185], right_from=1),
        Spacer(1, 4 * mm),
        *_listing(
            ["Source", "Partnership", "Mechanism", "Currency", "Committed", "Received", "Outstanding"],
            rows,
            [0.18, 0.2, 0.15, 0.09, 0.13, 0.12, 0.13],
            report.commitments,
            right_from=4,
        ),
    ]


def _placements(report: PortfolioReport) -> list:
    rows = [
        [
            placement.person.full_name,
            placement.get_kind_display(),
            f"{placement.home_organization.name} to {placement.host_organization.name}",
            placement.partnership.title,
            _date(placement.start_date),
            _date(placement.end_date),
            placement.get_status_display(),
        ]
        for placement in report.placements.rows
    ]
    header = ["Person", "Kind", "Home to host", "Partnership", "Start", "End", "Status"]
    return [
        Paragraph(f"Placements in {report.year}", HEADING),
        *_listing(header, rows, [0.15, 0.12, 0.22, 0.19, 0.11, 0.11, 0.1], report.placements),
    ]


def _outputs(report: PortfolioReport) -> list:
    kinds = ", ".join(f"{label}: {count}" for _, label, count in report.output_kinds) or "none"
    rows = [
        [_date(output.date), output.get_kind_display(), output.title, output.partnership.title]
        for output in report.outputs.rows
    ]
    return [
        Paragraph(f"Outputs in {report.year}", HEADING),
        Paragraph(f"By kind: {escape(kinds)}.", BODY),
        Spacer(1, 2 * mm),
        *_listing(["Date", "Kind", "Title", "Partnership"], rows, [0.12, 0.2, 0.42, 0.26], report.outputs),
    ]


def _listing(header, rows, widths, listing: Listing, *, right_from=None) -> list:
    if not rows:
        return [Paragraph("None in this scope and year.", BODY)]
    story = [_table(header, rows, widths, right_from=right_from)]
    if listing.more:
        story.append(Paragraph(f"… and {listing.more:,} more ({listing.total:,} in all): export the list.", SMALL))
    return story


def _table(header: list[str], rows: list[list], widths: list[float], *, right_from=None) -> LongTable:
    """A table that wraps every cell and repeats its header on each page; columns from
    `right_from` on are numbers, aligned right."""

    def cells(values, left, right):
        return [
            Paragraph(escape(str(value or "")), right if right_from is not None and index >= right_from else left)
            for index, value in enumerate(values)
        ]

    data = [cells(header, HEAD_CELL, HEAD_CELL_RIGHT), *[cells(row, CELL, CELL_RIGHT) for row in rows]]
    table = LongTable(data, colWidths=[WIDTH * share for share in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f8")]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _date(value) -> str:
    return f"{value:%d %b %Y}" if value else "—"


def _money(value) -> str:
    return f"{value:,.2f}"


class _NumberedCanvas(canvas.Canvas):
    """Holds the pages back until the end, so each footer can say "page n of N"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for page in self._pages:
            self.__dict__.update(page)
            self._footer(len(self._pages))
            super().showPage()
        super().save()

    def _footer(self, count: int) -> None:
        self.setFont("Helvetica", 8)
        self.setFillColor(colors.HexColor("#555555"))
        self.drawString(MARGIN, MARGIN / 2, "Tandem · portfolio report")
        self.drawRightString(A4[0] - MARGIN, MARGIN / 2, f"Page {self._pageNumber} of {count}")
