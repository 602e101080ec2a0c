from decimal import Decimal

import pytest

from metrics import services
from metrics.models import MetricValue
from tests.metrics import portfolio as hand_built


@pytest.fixture
def portfolio(university, acme, globex, acme_partnership, globex_partnership):
    """The hand-built portfolio of tests/metrics/portfolio.py, with its metrics computed."""
    objects = hand_built.build(
        university=university,
        acme=acme,
        globex=globex,
        acme_partnership=acme_partnership,
        globex_partnership=globex_partnership,
    )
    services.metrics_recompute_all()
    return {**objects, "university": university, "acme": acme, "globex": globex}


def table() -> dict:
    """The whole metrics table as {(scope kind, scope id, key, period): value}."""
    return {(row.scope_kind, row.scope_id, row.key, row.period): row.value for row in MetricValue.objects.all()}


def value(scope_kind, scope_id, key, period=0):
    row = MetricValue.objects.filter(scope_kind=scope_kind, scope_id=scope_id, key=key, period=period).first()
    return None if row is None else row.value.normalize() if row.value is not None else None


def approx(number) -> Decimal:
    return Decimal(str(number))
