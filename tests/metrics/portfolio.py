"""A small portfolio built by hand, whose every metric is worked out in tests/metrics/test_metrics.py.

Two partnerships of Northbridge University: Acme's (P1, 2024-2026) and Globex's (P2, from
March 2025), and an Acme partnership still exploring (P3, which counts as no active partnership).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from agreements.models import Agreement, BallChange
from metrics.models import ScopeKind
from outputs.models import IncomeKind, OutputKind
from partnerships.models import FundingMechanism, MemberRole, Partnership, Phase
from people.models import CareerOutcome, PlacementStatus
from tests.agreements.factories import AgreementFactory
from tests.outputs.factories import IncomeFactory, OutputFactory
from tests.partnerships.factories import (
    FundingFactory,
    MemberFactory,
    OrganizationFactory,
    PartnershipFactory,
    PaymentFactory,
)
from tests.people.factories import PlacementFactory

D = datetime.date


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def executed_agreement(partnership, *, drafted, executed, balls, effective=None, expiry=None, parties=None):
    """An executed agreement drafted and executed on these days, the ball passed as `balls` says."""
    kwargs = {"parties": parties} if parties else {}
    agreement = AgreementFactory(partnership=partnership, **kwargs)
    Agreement.objects.filter(pk=agreement.pk).update(
        status="executed",
        first_draft_at=at(*drafted),
        executed_at=at(*executed),
        effective_date=effective,
        expiry_date=expiry,
    )
    for holder, since in balls:
        change = BallChange.objects.create(agreement=agreement, holder=holder)
        BallChange.objects.filter(pk=change.pk).update(since=at(*since))
    return agreement


def build(*, university, acme, globex, acme_partnership, globex_partnership):
    p1, p2 = acme_partnership, globex_partnership
    Partnership.objects.filter(pk=p1.pk).update(start_date=D(2024, 1, 1), end_date=D(2026, 12, 31))
    Partnership.objects.filter(pk=p2.pk).update(start_date=D(2025, 3, 1), end_date=D(2027, 12, 31))
    p3 = PartnershipFactory(title="Acme idea", lead=university, sponsor=acme, phase=Phase.EXPLORING)
    funder = OrganizationFactory(name="Innovation Agency", kind="government_funder")
    MemberFactory(partnership=p1, organization=funder, role=MemberRole.FUNDER)

    # Funding
    sponsorship = FundingFactory(partnership=p1, source=acme, amount=Decimal("100000"), start_date=D(2025, 1, 1))
    FundingFactory(
        partnership=p1,
        source=funder,
        mechanism=FundingMechanism.MATCHING_FUNDS,
        amount=Decimal("50000"),
        start_date=D(2025, 2, 1),
    )
    FundingFactory(
        partnership=p1,
        source=acme,
        mechanism=FundingMechanism.IN_KIND,
        in_kind_kind="compute",
        amount=Decimal("30000"),
        start_date=D(2024, 6, 1),
    )
    FundingFactory(partnership=p1, source=acme, amount=Decimal("999"), currency="EUR")  # not GBP: left out
    globex_money = FundingFactory(partnership=p2, source=globex, amount=Decimal("200000"), start_date=D(2025, 5, 1))
    PaymentFactory(commitment=sponsorship, amount=Decimal("40000"), received_on=D(2025, 3, 1))
    PaymentFactory(commitment=sponsorship, amount=Decimal("10000"), received_on=D(2026, 1, 10))
    PaymentFactory(commitment=globex_money, amount=Decimal("80000"), received_on=D(2025, 6, 1))

    # Agreements: 30, 50 and 10 days from first draft to execution
    executed_agreement(
        p1,
        drafted=(2025, 1, 1),
        executed=(2025, 1, 31),
        balls=[("tto", (2025, 1, 1)), ("sponsor", (2025, 1, 11)), ("tto", (2025, 1, 21))],
        effective=D(2025, 2, 1),
        expiry=D(2026, 1, 31),
    )
    executed_agreement(
        p1,
        drafted=(2025, 4, 1),
        executed=(2025, 5, 21),
        balls=[("sponsor", (2025, 4, 1)), ("tto", (2025, 6, 1))],  # the pass after execution counts for nothing
        effective=D(2025, 5, 21),
    )
    executed_agreement(
        p2,
        drafted=(2025, 6, 1),
        executed=(2025, 6, 11),
        balls=[("tto", (2025, 6, 1))],
        expiry=D(2025, 12, 31),
    )
    AgreementFactory(partnership=p2)  # a draft: not active, not executed

    # Outputs
    OutputFactory(partnership=p1, kind=OutputKind.PUBLICATION, date=D(2025, 4, 1), citations=10)
    OutputFactory(partnership=p1, kind=OutputKind.PUBLICATION, date=D(2024, 9, 1), citations=5)
    OutputFactory(partnership=p2, kind=OutputKind.PUBLICATION, date=D(2025, 10, 1), citations=7)
    OutputFactory(partnership=p1, kind=OutputKind.PRESENTATION, date=D(2025, 5, 1))
    OutputFactory(partnership=p1, kind=OutputKind.DISCLOSURE, date=D(2025, 2, 1))
    OutputFactory(partnership=p1, kind=OutputKind.DISCLOSURE, date=D(2025, 7, 1))
    OutputFactory(partnership=p1, kind=OutputKind.PATENT_APPLICATION, date=D(2025, 8, 1))
    OutputFactory(partnership=p1, kind=OutputKind.PATENT_GRANT, date=D(2026, 2, 1))
    licence = OutputFactory(partnership=p1, kind=OutputKind.LICENCE, date=D(2025, 3, 1), licensee=acme)
    option = OutputFactory(partnership=p1, kind=OutputKind.OPTION, date=D(2025, 9, 1), licensee=acme)
    OutputFactory(partnership=p1, kind=OutputKind.STARTUP, date=D(2025, 11, 1))
    OutputFactory(partnership=p1, kind=OutputKind.DATASET, date=D(2025, 1, 1))
    OutputFactory(partnership=p1, kind=OutputKind.SOFTWARE, date=D(2026, 1, 1))
    OutputFactory(partnership=p1, kind=OutputKind.DEPLOYMENT, date=D(2025, 12, 1), business_result="Saved £1m")
    for kind, amount, received, currency in [
        (IncomeKind.ISSUE_FEE, "1000", D(2025, 3, 2), "GBP"),
        (IncomeKind.ROYALTY, "500", D(2026, 3, 1), "GBP"),
        (IncomeKind.EQUITY_CASHED, "200", D(2026, 4, 1), "GBP"),
        (IncomeKind.PATENT_COSTS, "300", D(2025, 4, 1), "GBP"),  # excluded by AUTM
        (IncomeKind.EQUITY_UNCASHED, "700", D(2025, 4, 1), "GBP"),  # excluded by AUTM
        (IncomeKind.RESEARCH_FUNDING, "5000", D(2025, 4, 1), "GBP"),  # excluded by AUTM
        (IncomeKind.ROYALTY, "999", D(2025, 4, 1), "EUR"),  # not the reporting currency
    ]:
        IncomeFactory(output=licence, kind=kind, amount=Decimal(amount), received_on=received, currency=currency)
    IncomeFactory(output=option, kind=IncomeKind.OPTION_PAYMENT, amount=Decimal("100"), received_on=D(2025, 9, 2))

    # Placements in P1
    completed = PlacementStatus.COMPLETED
    PlacementFactory(
        partnership=p1,
        start_date=D(2024, 6, 1),
        end_date=D(2024, 8, 31),
        status=completed,
        outcome=CareerOutcome.HIRED_BY_HOST,
    )
    PlacementFactory(
        partnership=p1,
        start_date=D(2025, 1, 1),
        end_date=D(2025, 3, 31),
        status=completed,
        outcome=CareerOutcome.STAYED_IN_ACADEMIA,
    )
    PlacementFactory(
        partnership=p1,
        start_date=D(2025, 6, 1),
        end_date=D(2025, 8, 31),
        status=completed,
        outcome=CareerOutcome.HIRED_BY_OTHER_PARTNER,
    )
    PlacementFactory(
        partnership=p1, start_date=D(2025, 7, 1), end_date=None, status=PlacementStatus.CANCELLED, outcome=""
    )
    PlacementFactory(partnership=p1, start_date=D(2025, 9, 1), end_date=None, status=PlacementStatus.ACTIVE, outcome="")
    # Industry to academia, "hired by the host": the host is the university, so not hired by industry.
    PlacementFactory(
        partnership=p1,
        start_date=D(2025, 2, 1),
        end_date=D(2025, 5, 31),
        status=completed,
        outcome=CareerOutcome.HIRED_BY_HOST,
        home_organization=acme,
        host_organization=university,
    )
    return {"p1": p1, "p2": p2, "p3": p3, "funder": funder}


PORTFOLIO = (ScopeKind.PORTFOLIO, 0)
