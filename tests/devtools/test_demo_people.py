import pytest
from django.core.management import call_command

from accounts.models import User
from partnerships.models import Organization
from people import selectors
from people.models import CareerOutcome, Participation, Person, Placement, PlacementKind, PlacementStatus


@pytest.mark.django_db
def test_demo_has_people_everywhere_and_placements_of_every_kind_and_outcome():
    call_command("seed_demo")
    counts = (Person.objects.count(), Placement.objects.count(), Participation.objects.count())
    assert not Organization.objects.exclude(affiliations__isnull=False).exists()
    assert set(Placement.objects.values_list("kind", flat=True)) == set(PlacementKind.values)
    assert set(Placement.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(CareerOutcome.values)
    assert set(Placement.objects.values_list("status", flat=True)) == set(PlacementStatus.values)
    assert len(selectors.conflicts_of_interest(user=User.objects.get(username="staff"))) == 2
    call_command("seed_demo")
    assert (Person.objects.count(), Placement.objects.count(), Participation.objects.count()) == counts
