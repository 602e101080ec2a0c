"""Reads with business meaning: totals and the partner view. Callers pass querysets already
scoped with `visible_to(user)`, so a liaison's totals include only what they may see."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, Sum, Value

from core.aggregates import per_row
from core.querysets import VisiblePrefetch
from partnerships.filters import with_partnership_count
from partnerships.models import (
    CASH_MECHANISMS,
    FundingCommitment,
    FundingMechanism,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipMember,
    Payment,
    ResearchArea,
)
from partnerships.models.partnerships import overdue_milestone_count

ZERO = Decimal("0")


@dataclass
class FundingTotals:
    currency: str
    committed: Decimal = ZERO
    received: Decimal = ZERO
    industry_cash: Decimal = ZERO
    matching: Decimal = ZERO
    in_kind: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.committed - self.received

    @property
    def leverage(self) -> Decimal | None:
        """Matching funds plus in-kind per unit of industry cash; None when there is no industry cash."""
        if not self.industry_cash:
            return None
        return ((self.matching + self.in_kind) / self.industry_cash).quantize(Decimal("0.01"))


@dataclass
class FundingSummary:
    by_currency: list[FundingTotals] = field(default_factory=list)

    def __bool__(self):
        return bool(self.by_currency)


def funding_totals(commitments) -> FundingSummary:
    """Totals per currency in two aggregate queries, whatever the number of commitments."""
    rows = (
        commitments.order_by()
        .values("currency")
        .annotate(
            committed=Sum("amount"),
            industry_cash=Sum("amount", filter=Q(mechanism__in=CASH_MECHANISMS, source__kind=OrganizationKind.COMPANY)),
            matching=Sum("amount", filter=Q(mechanism=FundingMechanism.MATCHING_FUNDS)),
            in_kind=Sum("amount", filter=Q(mechanism=FundingMechanism.IN_KIND)),
        )
    )
    received = dict(
        Payment.objects.filter(commitment__in=commitments.order_by().values("pk"))
        .order_by()
        .values("commitment__currency")
        .annotate(total=Sum("amount"))
        .values_list("commitment__currency", "total")
    )
    totals = [
        FundingTotals(
            currency=row["currency"],
            committed=row["committed"] or ZERO,
            received=received.get(row["currency"], ZERO),
            industry_cash=row["industry_cash"] or ZERO,
            matching=row["matching"] or ZERO,
            in_kind=row["in_kind"] or ZERO,
        )
        for row in rows
    ]
    return FundingSummary(sorted(totals, key=lambda total: -total.committed))


def commitments_with_received(commitments):
    """Each commitment annotated with what was received against it (one query for the list)."""
    return commitments.select_related("source", "agreement").annotate(received=Sum("payments__amount", default=ZERO))


# --- Lists: what each list page shows, in its order; its export reads the same rows ---------


def organizations_for_list(user):
    organizations = with_partnership_count(Organization.objects.visible_to(user), user)
    # Aggregating drops Meta.ordering; pagination needs a stable order.
    return organizations.select_related("parent").order_by("name", "pk")


def partnerships_for_list(user):
    members = PartnershipMember.objects.select_related("organization").order_by("role", "organization__name")
    return (
        Partnership.objects.visible_to(user)
        .select_related("owner")
        .prefetch_related(
            VisiblePrefetch("members", model=PartnershipMember, user=user, queryset=members),
            VisiblePrefetch("research_areas", model=ResearchArea, user=user),
        )
        .annotate(overdue_milestones=overdue_milestone_count())
        .order_by("title", "pk")  # aggregating drops Meta.ordering; pagination needs a stable order
    )


def funding_for_list(user):
    """Commitments the user may see, each with what was received against it and what is outstanding.

    Received is summed per row shown (core.aggregates.per_row), not by a join with a sum: the
    list sorts and counts without grouping.
    """
    payments = Payment.objects.filter(commitment=OuterRef("pk"))
    money = DecimalField(max_digits=14, decimal_places=2)
    received = per_row(payments, "commitment", Sum("amount"), output_field=money, default=Value(ZERO))
    return (
        FundingCommitment.objects.visible_to(user)
        .select_related("partnership", "source")
        .annotate(received=received)
        .annotate(outstanding=F("amount") - F("received"))
        .order_by("-start_date", "-pk")
    )
