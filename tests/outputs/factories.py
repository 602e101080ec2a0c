import datetime
from decimal import Decimal

import factory

from outputs.models import IncomeKind, LicenceIncome, Output, OutputKind


class OutputFactory(factory.django.DjangoModelFactory):
    """A publication in a partnership unless told otherwise."""

    class Meta:
        model = Output

    partnership = factory.SubFactory("tests.partnerships.factories.PartnershipFactory")
    kind = OutputKind.PUBLICATION
    title = factory.Sequence(lambda n: f"Output {n}")
    date = datetime.date(2025, 5, 1)


class IncomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenceIncome

    output = factory.SubFactory(OutputFactory, kind=OutputKind.LICENCE)
    received_on = datetime.date(2025, 6, 1)
    kind = IncomeKind.ROYALTY
    amount = Decimal("1000.00")
    currency = "GBP"
