import datetime
from decimal import Decimal

import factory

from partnerships.models import (
    FundingCommitment,
    FundingMechanism,
    MemberRole,
    Milestone,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipMember,
    PartnershipModel,
    Payment,
    Phase,
    ResearchArea,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = OrganizationKind.COMPANY
    country = "GB"
    sector = "Research"


class ResearchAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Area {n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A partnership with an academic lead (`lead`) and one sponsor (`sponsor`), both optional to name."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Partnership {n}")
    model = PartnershipModel.SPONSORED_RESEARCH
    phase = Phase.ACTIVE
    owner = factory.SubFactory("tests.accounts.factories.UserFactory", role="staff")
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    objectives = "Advance the state of the art together."
    internal_notes = "Internal: the sponsor is price sensitive."

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if create:
            organization = extracted or OrganizationFactory(
                name="Northbridge University", kind=OrganizationKind.UNIVERSITY
            )
            PartnershipMember.objects.create(partnership=self, organization=organization, role=MemberRole.ACADEMIC_LEAD)

    @factory.post_generation
    def sponsor(self, create, extracted, **kwargs):
        if create:
            organization = extracted or OrganizationFactory()
            PartnershipMember.objects.create(partnership=self, organization=organization, role=MemberRole.LEAD_SPONSOR)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MemberRole.SPONSOR


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    due_date = datetime.date(2026, 6, 30)


class FundingFactory(factory.django.DjangoModelFactory):
    """A commitment from the partnership's lead sponsor unless `source` is given."""

    class Meta:
        model = FundingCommitment

    partnership = factory.SubFactory(PartnershipFactory)
    source = factory.LazyAttribute(lambda c: c.partnership.members.get(role=MemberRole.LEAD_SPONSOR).organization)
    mechanism = FundingMechanism.DIRECT_SPONSORSHIP
    amount = Decimal("100000.00")
    currency = "GBP"
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    commitment = factory.SubFactory(FundingFactory)
    received_on = datetime.date(2025, 3, 1)
    amount = Decimal("25000.00")
