"""The portfolio report: one year of the whole portfolio, of a partner organization or of a
partnership, built once here and rendered both as a printable page and as a PDF.

Key figures and trends come from the metrics table through the dashboard's own reads, so the
report and the dashboard never disagree. The lists come from the records, each through
`visible_to(user)`, in a fixed number of queries whatever their length, and each is cut at
`ROW_LIMIT` rows (the total is always given): a report is read by people, the exports are for
whole lists.

A partner's scope follows the metrics' rules for an organization (`metrics.registry`): the
agreements it is a party to, the funding it committed, the placements it sends or hosts, and the
outputs of the partnerships it is a member of. So a partner's report carries no other sponsor's
money, agreements or people, even from a consortium they share.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from agreements.models import Agreement, AgreementParty, AgreementStatus
from core.exports.expressions import joined
from metrics import dashboard
from metrics.models import ScopeKind
from outputs.models import Output, OutputKind
from partnerships.models import (
    FundingCommitment,
    Organization,
    Partnership,
    PartnershipMember,
    Payment,
)
from people.models import Placement, PlacementStatus

ROW_LIMIT = 200
TREND_YEARS = 10
ZERO = Decimal("0")
# Statuses after which an agreement without an expiry date is over, from its last change.
ENDED_STATUSES = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


@dataclass(frozen=True)
class Scope:
    kind: str  # a metrics ScopeKind
    label: str
    partner: Organization | None = None
    partnership: Partnership | None = None


@dataclass
class KeyFigure:
    """A headline figure for the year, the year before, and the change, as text for both renderers."""

    key: str
    label: str
    description: str
    value: Decimal | None
    previous: Decimal | None
    value_text: str
    previous_text: str
    change_text: str
    direction: int  # 1 up, -1 down, 0 the same or no comparison
    url: str = ""


@dataclass
class Listing:
    """At most ROW_LIMIT rows of a list, and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass
class CurrencyTotals:
    currency: str
    commitments: int
    committed: Decimal
    received_in_year: Decimal
    received_by_year_end: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.committed - self.received_by_year_end


@dataclass
class PortfolioReport:
    year: int
    scope: Scope
    generated_on: datetime.date
    currency: str  # the reporting currency of the key figures
    figures: list[KeyFigure]
    trends: dict
    agreement_statuses: list[tuple[str, str, int]]  # (status, label, count)
    agreements: Listing
    funding: list[CurrencyTotals]
    commitments: Listing
    placements: Listing
    output_kinds: list[tuple[str, str, int]]  # (kind, label, count)
    outputs: Listing
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Portfolio report {self.year}"

    @property
    def previous_year(self) -> int:
        return self.year - 1


def portfolio_report(*, user, year: int, partner=None, partnership=None) -> PortfolioReport:
    """The report of `year` for a partnership if given, else for a partner, else for the portfolio.

    `partner` and `partnership` must be objects the caller may see (the form checks it).
    """
    scope = _scope(partner, partnership)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    agreements = _agreements(user, scope).filter(_agreement_touches(start, end))
    commitments = _commitments(user, scope).filter(_commitment_touches(start, end))
    placements = _placements(user, scope).in_year(year).exclude(status=PlacementStatus.CANCELLED)
    outputs = _outputs(user, scope).filter(date__range=(start, end))
    currency = settings.METRICS_CURRENCY
    statuses = _agreement_statuses(agreements)
    funding = _funding_totals(user, commitments, start, end)
    output_kinds = _output_kinds(outputs)
    return PortfolioReport(
        year=year,
        scope=scope,
        generated_on=timezone.localdate(),
        currency=currency,
        figures=_figures(user, scope, year, currency),
        trends=_trends(user, scope, year),
        agreement_statuses=statuses,
        agreements=_agreement_listing(user, agreements, total=sum(n for _, _, n in statuses)),
        funding=funding,
        commitments=_commitment_listing(commitments, end, total=sum(each.commitments for each in funding)),
        placements=_placement_listing(placements),
        output_kinds=output_kinds,
        outputs=_output_listing(outputs, total=sum(n for _, _, n in output_kinds)),
        notes=[
            f"Money in the key figures and charts is in {currency} only; "
            "funding below is listed in every currency, unconverted.",
        ],
    )


# --- Scope --------------------------------------------------------------------------------


def _scope(partner, partnership) -> Scope:
    if partnership is not None:
        return Scope(ScopeKind.PARTNERSHIP, f"Partnership: {partnership.title}", partner, partnership)
    if partner is not None:
        return Scope(ScopeKind.ORGANIZATION, f"Partner: {partner.name}", partner)
    return Scope(ScopeKind.PORTFOLIO, "Whole portfolio")


def _member_partnerships(partner):
    return PartnershipMember.objects.filter(organization=partner).values("partnership_id")


def _agreements(user, scope: Scope):
    agreements = Agreement.objects.visible_to(user)
    if scope.partnership:
        return agreements.filter(partnership=scope.partnership)
    if scope.partner:
        parties = AgreementParty.objects.filter(organization=scope.partner)
        return agreements.filter(pk__in=parties.values("agreement_id"))
    return agreements


def _commitments(user, scope: Scope):
    commitments = FundingCommitment.objects.visible_to(user)
    if scope.partnership:
        return commitments.filter(partnership=scope.partnership)
    if scope.partner:
        return commitments.filter(source=scope.partner, partnership_id__in=_member_partnerships(scope.partner))
    return commitments


def _placements(user, scope: Scope):
    placements = Placement.objects.visible_to(user).filter(partnership__isnull=False)
    if scope.partnership:
        return placements.filter(partnership=scope.partnership)
    if scope.partner:
        return placements.filter(
            Q(home_organization=scope.partner) | Q(host_organization=scope.partner),
            partnership_id__in=_member_partnerships(scope.partner),
        )
    return placements


def _outputs(user, scope: Scope):
    outputs = Output.objects.visible_to(user)
    if scope.partnership:
        return outputs.filter(partnership=scope.partnership)
    if scope.partner:
        return outputs.filter(partnership_id__in=_member_partnerships(scope.partner))
    return outputs


# --- Key figures and trends (the metrics table) -------------------------------------------


def _source(user, scope: Scope, year: int) -> dashboard.Source:
    if scope.partnership:
        return dashboard.Source(ScopeKind.PARTNERSHIP, [scope.partnership.pk])
    return dashboard.source_for(user, dashboard.Filters(year_from=year, year_to=year, partner=scope.partner))


def _figures(user, scope: Scope, year: int, currency: str) -> list[KeyFigure]:
    filters = dashboard.Filters(year_from=year, year_to=year, partner=scope.partner)
    result = []
    for figure in dashboard.figures(user, filters, _source(user, scope, year)):
        change = figure.change
        change_text = "no comparison"
        if change == 0:
            change_text = "same"
        elif change is not None:
            # ASCII signs: the PDF's standard fonts have no minus sign.
            sign = "+" if change > 0 else "-"
            if figure.unit == "share":  # a change of a share is in points, not a share of a share
                change_text = f"{sign}{abs(change) * 100:.0f} points"
            else:
                percent = f" ({figure.change_percent:+d}%)" if figure.change_percent is not None else ""
                change_text = sign + format_value(abs(change), figure.unit, currency) + percent
        result.append(
            KeyFigure(
                key=figure.key,
                label=figure.label,
                description=figure.description,
                value=figure.value,
                previous=figure.previous,
                value_text=format_value(figure.value, figure.unit, currency),
                previous_text=format_value(figure.previous, figure.unit, currency),
                change_text=change_text,
                direction=0 if not change else (1 if change > 0 else -1),
                url=figure.url,
            )
        )
    return result


def format_value(value, unit: str, currency: str = "") -> str:
    """A figure as people read it, the same on the page and in the PDF."""
    if value is None:
        return "—"
    if unit == "money":
        return f"{value:,.0f} {currency}".strip()
    if unit == "share":
        return f"{value * 100:.0f}%"
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "days":
        return f"{value:,.0f} days"
    return f"{value:,.0f}"


def _trends(user, scope: Scope, year: int) -> dict:
    """The dashboard's per-year series, cut to the ten years up to the report's."""
    series = dashboard.trends(user, _source(user, scope, year))
    keep = [index for index, each in enumerate(series["years"]) if year - TREND_YEARS < each <= year]

    def cut(datasets):
        return [{**dataset, "data": [dataset["data"][index] for index in keep]} for dataset in datasets]

    return {
        "years": [series["years"][index] for index in keep],
        "counts": cut(series["counts"]),
        "money": cut(series["money"]),
    }


# --- Agreements ---------------------------------------------------------------------------


def _agreement_touches(start: datetime.date, end: datetime.date) -> Q:
    """In force or under way at some point of the year: begun by its end, not over before its start."""
    begun = Q(effective_date__lte=end) | Q(effective_date__isnull=True, first_draft_at__date__lte=end)
    not_over = Q(expiry_date__gte=start) | Q(expiry_date__isnull=True) & (
        ~Q(status__in=ENDED_STATUSES) | Q(updated_at__date__gte=start)
    )
    return begun & not_over


def _agreement_statuses(agreements) -> list[tuple[str, str, int]]:
    counts = dict(agreements.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(status, label, counts[status]) for status, label in AgreementStatus.choices if counts.get(status)]


def _agreement_listing(user, agreements, *, total: int) -> Listing:
    parties = joined(
        AgreementParty.objects.visible_to(user), "agreement", F("organization__name"), ordering="organization__name"
    )
    rows = list(
        agreements.select_related("partnership")
        .annotate(party_names=parties)
        .order_by("partnership__title", "reference")[:ROW_LIMIT]
    )
    return Listing(rows, total)


# --- Funding ------------------------------------------------------------------------------


def _commitment_touches(start: datetime.date, end: datetime.date) -> Q:
    """The commitment's period touches the year; an undated one counts from when it was recorded
    (as the funding metrics count it)."""
    begun = Q(start_date__lte=end) | Q(start_date__isnull=True, created_at__date__lte=end)
    return begun & (Q(end_date__gte=start) | Q(end_date__isnull=True))


def _funding_totals(user, commitments, start: datetime.date, end: datetime.date) -> list[CurrencyTotals]:
    """Per currency: committed, received in the year, received by its end (two aggregate queries)."""
    committed = commitments.order_by().values("currency").annotate(n=Count("pk"), total=Sum("amount"))
    received = {
        row["commitment__currency"]: row
        for row in Payment.objects.visible_to(user)
        .filter(commitment__in=commitments.order_by().values("pk"), received_on__lte=end)
        .order_by()
        .values("commitment__currency")
        .annotate(
            in_year=Sum("amount", filter=Q(received_on__gte=start), default=ZERO),
            by_end=Sum("amount", default=ZERO),
        )
    }
    totals = [
        CurrencyTotals(
            currency=row["currency"],
            commitments=row["n"],
            committed=row["total"],
            received_in_year=received.get(row["currency"], {}).get("in_year", ZERO),
            received_by_year_end=received.get(row["currency"], {}).get("by_end", ZERO),
        )
        for row in committed
    ]
    return sorted(totals, key=lambda total: (total.currency != settings.METRICS_CURRENCY, -total.committed))


def _commitment_listing(commitments, end: datetime.date, *, total: int) -> Listing:
    rows = list(
        commitments.select_related("source", "partnership", "agreement")
        .annotate(
            starts=Coalesce("start_date", TruncDate("created_at")),
            received=Sum("payments__amount", filter=Q(payments__received_on__lte=end), default=ZERO),
        )
        .annotate(outstanding=F("amount") - F("received"))
        .order_by("partnership__title", "source__name", "pk")[:ROW_LIMIT]
    )
    return Listing(rows, total)


# --- Placements and outputs ---------------------------------------------------------------


def _placement_listing(placements) -> Listing:
    """One row past the limit is fetched, so the total is counted only when the list is cut."""
    rows = list(
        placements.select_related("person", "home_organization", "host_organization", "partnership").order_by(
            "start_date", "pk"
        )[: ROW_LIMIT + 1]
    )
    if len(rows) <= ROW_LIMIT:
        return Listing(rows, len(rows))
    return Listing(rows[:ROW_LIMIT], placements.count())


def _output_kinds(outputs) -> list[tuple[str, str, int]]:
    counts = dict(outputs.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return [(kind, label, counts[kind]) for kind, label in OutputKind.choices if counts.get(kind)]


def _output_listing(outputs, *, total: int) -> Listing:
    return Listing(list(outputs.select_related("partnership", "licensee").order_by("date", "pk")[:ROW_LIMIT]), total)
