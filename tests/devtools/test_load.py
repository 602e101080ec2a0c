"""The load generator writes a consistent synthetic portfolio the metrics can be computed from."""

import pytest
from django.core.management import CommandError, call_command

from agreements.models import Agreement, AgreementParty
from devtools import load
from metrics import services
from metrics.models import MetricValue
from outputs.models import Output
from partnerships.models import Partnership, PartnershipMember
from people.models import Placement

pytestmark = pytest.mark.django_db


def test_generate_load_at_a_tiny_scale(staff_user):
    result = load.generate(0.001)
    assert result.counts == {
        "organizations": 10,
        "partnerships": 10,
        "agreements": 200,
        "outputs": 1000,
        "people": 50,
        "placements": 50,
    }
    assert Partnership.objects.count() == 10 and Output.objects.count() == 1000
    assert PartnershipMember.objects.filter(role="academic_lead").count() == 10
    assert AgreementParty.objects.count() == 2 * Agreement.objects.count()
    assert Placement.objects.exclude(home_organization=None).count() == 50
    services.metrics_recompute_all()
    publications = MetricValue.objects.get(scope_kind="portfolio", key="publications", period=0).value
    assert publications == Output.objects.filter(kind="publication").count()


@pytest.mark.parametrize(("command", "scale"), [("generate_load", "0.0009"), ("bench", "0.009")])
def test_a_scale_too_small_for_one_university_is_refused_before_writing(command, scale):
    with pytest.raises(CommandError, match="--scale must be at least"):
        call_command(command, "--scale", scale, "--skip-worker" if command == "bench" else "--no-recompute")
    assert not Partnership.objects.exists()
