import datetime

import factory

from partnerships.models import MemberRole
from people.models import (
    Affiliation,
    CareerOutcome,
    Participation,
    ParticipationRole,
    Person,
    PersonKind,
    Placement,
    PlacementKind,
    PlacementStatus,
)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda p: f"{p.first_name}.{p.last_name}@example.org".lower())
    kind = PersonKind.FACULTY


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory("tests.partnerships.factories.OrganizationFactory")
    title = "Researcher"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    person = factory.SubFactory(PersonFactory)
    partnership = factory.SubFactory("tests.partnerships.factories.PartnershipFactory")
    role = ParticipationRole.RESEARCHER


class PlacementFactory(factory.django.DjangoModelFactory):
    """A completed internship from the partnership's academic lead to its lead sponsor, unless told otherwise."""

    class Meta:
        model = Placement

    person = factory.SubFactory(PersonFactory, kind=PersonKind.PHD_STUDENT)
    kind = PlacementKind.INTERNSHIP
    partnership = factory.SubFactory("tests.partnerships.factories.PartnershipFactory")
    home_organization = factory.LazyAttribute(
        lambda p: p.partnership.members.get(role=MemberRole.ACADEMIC_LEAD).organization
    )
    host_organization = factory.LazyAttribute(
        lambda p: p.partnership.members.get(role=MemberRole.LEAD_SPONSOR).organization
    )
    start_date = datetime.date(2025, 6, 1)
    end_date = datetime.date(2025, 8, 31)
    status = PlacementStatus.COMPLETED
    outcome = CareerOutcome.CONTINUED_STUDY
    notes = "Internal: strong candidate for a return offer."
